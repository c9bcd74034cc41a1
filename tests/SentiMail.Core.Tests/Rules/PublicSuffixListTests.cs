using SentiMail.Rules;
using SentiMail.Tests.TestSupport;
using SentiMail.Text;

namespace SentiMail.Tests.Rules;

/// <summary>The reference vectors of the Public Suffix List (<c>TestData/psl/tests.txt</c>, public domain), run the way
/// the engine uses the list: the domain is normalised (lowercase, IDN to punycode) first.</summary>
public class PublicSuffixListTests
{
    public static TheoryData<string, string> Vectors
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var line in File.ReadLines(Path.Combine(TestPaths.TestData, "psl", "tests.txt")))
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }

                var parts = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                data.Add(parts[0], parts[1]);
            }

            return data;
        }
    }

    [Fact]
    public void Vectors_File_HoldsTheReferenceCases()
    {
        Assert.Equal(78, Vectors.Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void GetRegistrableDomain_ReferenceVector_Matches(string input, string expected)
    {
        var domain = input == "null" ? null : DomainName.Normalize(input);
        var want = expected == "null" ? null : DomainName.Normalize(expected);

        var actual = string.IsNullOrEmpty(domain) ? null : PublicSuffixList.Default.GetRegistrableDomain(domain);

        Assert.Equal(want, actual);
    }

    [Theory]
    [InlineData("www.example.co.uk", "co.uk")]
    [InlineData("example.com", "com")]
    [InlineData("foo.unknowntld", "unknowntld")]
    [InlineData("a.b.c.kobe.jp", "c.kobe.jp")]
    [InlineData("www.city.kobe.jp", "kobe.jp")]
    public void GetPublicSuffix_Domain_ReturnsSuffix(string domain, string suffix)
    {
        Assert.Equal(suffix, PublicSuffixList.Default.GetPublicSuffix(domain));
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("example.fr", true)]
    [InlineData("example.xn--p1ai", true)]
    [InlineData("example.notatld", false)]
    [InlineData("v1.2", false)]
    [InlineData("", false)]
    public void HasKnownTopLevelDomain_Domain_ChecksTheLastLabel(string domain, bool expected)
    {
        Assert.Equal(expected, PublicSuffixList.Default.HasKnownTopLevelDomain(domain));
    }

    [Fact]
    public void Load_SmallList_AppliesRulesWildcardsAndExceptions()
    {
        using var reader = new StringReader("// comment\ncom\n*.ck\n!www.ck\n公司.cn   trailing words\n");

        var list = PublicSuffixList.Load(reader);

        Assert.Equal(5, list.RuleCount);
        Assert.Equal("example.com", list.GetRegistrableDomain("a.example.com"));
        Assert.Null(list.GetRegistrableDomain("test.ck"));
        Assert.Equal("b.test.ck", list.GetRegistrableDomain("a.b.test.ck"));
        Assert.Equal("www.ck", list.GetRegistrableDomain("www.www.ck"));
        Assert.Equal("shishi.xn--55qx5d.cn", list.GetRegistrableDomain("www.shishi.xn--55qx5d.cn"));
    }

    [Fact]
    public void Load_NoRule_ThrowsFormatException()
    {
        using var reader = new StringReader("// only comments\n\n");

        Assert.Throws<FormatException>(() => PublicSuffixList.Load(reader));
    }

    [Fact]
    public void Default_EmbeddedList_IsLarge()
    {
        Assert.True(PublicSuffixList.Default.RuleCount > 9000);
    }
}
