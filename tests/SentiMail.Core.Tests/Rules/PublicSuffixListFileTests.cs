using SentiMail.Rules;

namespace SentiMail.Tests.Rules;

public sealed class PublicSuffixListFileTests
{
    [Fact]
    public void FromOptions_PublicSuffixListFile_ReplacesTheEmbeddedList()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "// a private list\ncorp\nbranch.corp\n");
            var options = new SentiMailOptions { PublicSuffixListFile = file };

            var rules = RuleSet.FromOptions(options);

            Assert.Equal("shop.branch.corp", rules.PublicSuffixes.GetRegistrableDomain("www.shop.branch.corp"));
            Assert.Equal(2, rules.PublicSuffixes.RuleCount);
            Assert.NotSame(RuleSet.BuiltIn, rules);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FromOptions_NothingChanged_SharesTheBuiltInRules()
    {
        Assert.Same(RuleSet.BuiltIn, RuleSet.FromOptions(new SentiMailOptions()));
    }

    [Fact]
    public void Validate_MissingPublicSuffixListFile_NamesIt()
    {
        var options = new SentiMailOptions { PublicSuffixListFile = "/nonexistent/public_suffix_list.dat" };

        var error = Assert.Single(options.Validate());

        Assert.Contains("/nonexistent/public_suffix_list.dat", error, StringComparison.Ordinal);
    }
}
