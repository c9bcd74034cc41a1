using SentiMail.Rules;

namespace SentiMail.Tests.Rules;

public class DefinitionValidationTests
{
    [Fact]
    public void BrandDefinition_Valid_HasNoProblem()
    {
        Assert.Empty(new BrandDefinition { Name = "Northwind", Keywords = ["northwind"], Domains = ["northwind-traders.com"] }.Validate());
    }

    [Theory]
    [InlineData("", "northwind", "northwind.com", "A brand has no name.")]
    [InlineData("  ", "northwind", "northwind.com", "A brand has no name.")]
    [InlineData("Northwind", null, "northwind.com", "Brand 'Northwind' needs at least one keyword, and no empty keyword.")]
    [InlineData("Northwind", " ", "northwind.com", "Brand 'Northwind' needs at least one keyword, and no empty keyword.")]
    [InlineData("Northwind", "northwind", null, "Brand 'Northwind' needs at least one domain, each with a dot.")]
    [InlineData("Northwind", "northwind", "localhost", "Brand 'Northwind' needs at least one domain, each with a dot.")]
    [InlineData("Northwind", "northwind", "", "Brand 'Northwind' needs at least one domain, each with a dot.")]
    public void BrandDefinition_Invalid_SaysWhatIsWrong(string name, string? keyword, string? domain, string expected)
    {
        var brand = new BrandDefinition
        {
            Name = name,
            Keywords = keyword is null ? [] : [keyword],
            Domains = domain is null ? [] : [domain],
        };

        Assert.Equal(expected, Assert.Single(brand.Validate()));
    }

    [Theory]
    [InlineData(1, "credentials")]
    [InlineData(10, "money-scam")]
    public void LureDefinition_Valid_HasNoProblem(int weight, string kind)
    {
        Assert.Empty(new LureDefinition { Phrase = "act now", Weight = weight, Kind = kind }.Validate());
    }

    [Theory]
    [InlineData("", 3, "urgency", "A lure has an empty phrase.")]
    [InlineData("act now", 0, "urgency", "Lure 'act now' must have a weight between 1 and 10 (was 0).")]
    [InlineData("act now", 11, "urgency", "Lure 'act now' must have a weight between 1 and 10 (was 11).")]
    [InlineData("act now", 3, "Urgency", "Lure 'act now' has kind 'Urgency', which is not one of:")]
    [InlineData("act now", 3, "", "Lure 'act now' has kind '', which is not one of:")]
    public void LureDefinition_Invalid_SaysWhatIsWrong(string phrase, int weight, string kind, string expected)
    {
        var error = Assert.Single(new LureDefinition { Phrase = phrase, Weight = weight, Kind = kind }.Validate());

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LureDefinition_Defaults_AreValid()
    {
        var lure = new LureDefinition { Phrase = "free money" };

        Assert.Equal("en", lure.Lang);
        Assert.Equal("marketing-spam", lure.Kind);
        Assert.Equal(1, lure.Weight);
        Assert.Empty(lure.Validate());
    }
}
