using SentiMail.Rules;
using SentiMail.Text;

namespace SentiMail.Tests.Rules;

public class RuleSetTests
{
    [Fact]
    public void BuiltIn_Loads_BrandsLuresShortenersAndSuffixes()
    {
        var rules = RuleSet.BuiltIn;

        Assert.True(rules.Brands.Count >= 50, $"{rules.Brands.Count} brands");
        Assert.True(rules.Lures.Count >= 500, $"{rules.Lures.Count} lures");
        Assert.Contains("bit.ly", (IReadOnlySet<string>)rules.Shorteners);
        Assert.Same(PublicSuffixList.Default, rules.PublicSuffixes);
        Assert.Same(rules, RuleSet.BuiltIn);
        Assert.Contains(rules.Brands, b => b.Name == "PayPal" && b.Domains.Contains("paypal.com"));
    }

    [Fact]
    public void BuiltIn_EveryDefinition_IsValid()
    {
        Assert.All(RuleSet.BuiltIn.Brands, b => Assert.Empty(b.Validate()));
        Assert.All(RuleSet.BuiltIn.Lures, l => Assert.Empty(l.Validate()));
    }

    [Fact]
    public void BuiltIn_BrandKeywords_BelongToOneBrandAndAreNotRepeated()
    {
        // Accented names are listed in both forms on purpose ("société générale", "societe generale"): they fold alike
        // within one brand, but a folded keyword never belongs to two brands.
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var brand in RuleSet.BuiltIn.Brands)
        {
            duplicates.AddRange(brand.Keywords.GroupBy(k => k, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' twice in {brand.Name}"));
            foreach (var keyword in brand.Keywords)
            {
                var folded = TextFolding.Fold(keyword);
                if (!owners.TryAdd(folded, brand.Name) && owners[folded] != brand.Name)
                {
                    duplicates.Add($"'{keyword}' in {brand.Name} and {owners[folded]}");
                }
            }
        }

        Assert.Empty(duplicates);
    }

    [Fact]
    public void BuiltIn_BrandDomains_AreNormalisedAndNotRepeatedWithinABrand()
    {
        // Several brands may share a domain (GOV.UK Notify sends for DVLA, NHS and HMRC).
        var problems = new List<string>();
        foreach (var brand in RuleSet.BuiltIn.Brands)
        {
            problems.AddRange(brand.Domains.Where(d => DomainName.Normalize(d) != d).Select(d => $"{brand.Name}: '{d}' is not normalised"));
            problems.AddRange(brand.Domains.GroupBy(d => d, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}' twice in {brand.Name}"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void BuiltIn_Lures_HaveValidKindsUniquePhrasesAndBothLanguages()
    {
        var lures = RuleSet.BuiltIn.Lures;

        Assert.All(lures, l => Assert.Contains(l.Kind, (IReadOnlySet<string>)RuleSet.LureKinds));
        Assert.All(lures, l => Assert.Contains(l.Lang, new[] { "en", "fr" }));
        var duplicates = lures.GroupBy(l => TextFolding.Fold(l.Phrase), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Contains(lures, l => l.Lang == "fr");
        Assert.All(RuleSet.LureKinds, kind => Assert.Contains(lures, l => l.Kind == kind));
    }

    [Fact]
    public void Create_WithoutBuiltIns_HoldsOnlyTheGivenRules()
    {
        var rules = RuleSet.Create(
            [new BrandDefinition { Name = "Northwind", Keywords = ["northwind"], Domains = ["northwind-traders.com"] }],
            [new LureDefinition { Phrase = "act now", Kind = "urgency", Weight = 3 }],
            useBuiltIn: false);

        Assert.Equal("Northwind", Assert.Single(rules.Brands).Name);
        Assert.Equal("act now", Assert.Single(rules.Lures).Phrase);
        Assert.Equal(0, rules.FindBrandByDomain("mail.northwind-traders.com"));
        Assert.Equal(-1, rules.FindBrandByDomain("northwind-traders.com.evil.net"));
        Assert.Equal(-1, rules.FindBrandByDomain(null));
    }

    [Fact]
    public void Create_InvalidDefinitions_ThrowsWithEveryProblem()
    {
        var ex = Assert.Throws<ArgumentException>(() => RuleSet.Create(
            [new BrandDefinition { Name = "Broken", Keywords = [], Domains = ["nodot"] }],
            [new LureDefinition { Phrase = "x", Kind = "bogus", Weight = 11 }]));

        Assert.StartsWith("Invalid rules:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Brand 'Broken' needs at least one keyword", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Brand 'Broken' needs at least one domain, each with a dot", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Lure 'x' must have a weight between 1 and 10 (was 11)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Lure 'x' has kind 'bogus'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBrandsAndLuresFiles_UserFiles_AreRead()
    {
        var folder = Directory.CreateTempSubdirectory("sentimail-rules-").FullName;
        try
        {
            var brands = Path.Combine(folder, "brands.json");
            var lures = Path.Combine(folder, "lures.json");
            File.WriteAllText(brands, "{ \"version\": \"1\", \"brands\": [ { \"name\": \"Northwind\", \"keywords\": [\"northwind\"], \"domains\": [\"northwind-traders.com\"], \"ambiguous\": true, } ] }");
            File.WriteAllText(lures, "{ // user lures\n \"lures\": [ { \"phrase\": \"act now\", \"lang\": \"fr\", \"kind\": \"urgency\", \"weight\": 3 }, { \"phrase\": \"free money\" } ] }");

            var brand = Assert.Single(RuleSet.ReadBrandsFile(brands));
            var read = RuleSet.ReadLuresFile(lures);

            Assert.True(brand.Ambiguous);
            Assert.Equal(["northwind"], brand.Keywords);
            Assert.Equal("urgency", read[0].Kind);
            Assert.Equal("fr", read[0].Lang);
            Assert.Equal(3, read[0].Weight);
            Assert.Empty(read[0].Validate());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReadBrandsAndLuresFiles_MissingValues_TakeTheDocumentedDefaults()
    {
        var folder = Directory.CreateTempSubdirectory("sentimail-rules-").FullName;
        try
        {
            var brands = Path.Combine(folder, "brands.json");
            var lures = Path.Combine(folder, "lures.json");
            File.WriteAllText(brands, "{ \"brands\": [ { \"name\": \"Northwind\", \"domains\": [\"northwind-traders.com\"] } ] }");
            File.WriteAllText(lures, "{ \"lures\": [ { \"phrase\": \"free money\" } ] }");

            var brand = Assert.Single(RuleSet.ReadBrandsFile(brands));
            var lure = Assert.Single(RuleSet.ReadLuresFile(lures));

            Assert.Equal("other", brand.Category);
            Assert.Empty(brand.Keywords);
            Assert.False(brand.Ambiguous);
            Assert.Equal("Brand 'Northwind' needs at least one keyword, and no empty keyword.", Assert.Single(brand.Validate()));
            Assert.Equal("en", lure.Lang);
            Assert.Equal("marketing-spam", lure.Kind);
            Assert.Equal(1, lure.Weight);
            Assert.Empty(lure.Validate());
            Assert.Empty(RuleSet.ReadBrandsFile(lures));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
