using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class DomainNameTests
{
    [Theory]
    [InlineData("Bücher.Example.", "xn--bcher-kva.example")]
    [InlineData(" EXAMPLE.com ", "example.com")]
    [InlineData("[1.2.3.4]", "1.2.3.4")]
    [InlineData("p\u0430ypal.com", "xn--pypal-4ve.com")]
    [InlineData("xn--pypal-4ve.com", "xn--pypal-4ve.com")]
    [InlineData("食狮.中国", "xn--85x722f.xn--fiqs8s")]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("  ", "")]
    [InlineData(".", "")]
    public void Normalize_Domain_IsLowercaseAscii(string? input, string expected)
    {
        Assert.Equal(expected, DomainName.Normalize(input));
    }

    [Fact]
    public void Normalize_TooLong_IsEmpty()
    {
        Assert.Equal(string.Empty, DomainName.Normalize(string.Join('.', Enumerable.Repeat("abcdefghij", 30))));
    }

    [Theory]
    [InlineData("xn--bcher-kva.example", "bücher.example")]
    [InlineData("xn--pypal-4ve.com", "p\u0430ypal.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("xn--zz.invalid-", "xn--zz.invalid-")]
    public void ToUnicode_Punycode_IsDecoded(string ascii, string expected)
    {
        Assert.Equal(expected, DomainName.ToUnicode(ascii));
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("[2001:db8::1]", true)]
    [InlineData("::1", true)]
    [InlineData("0xC0A80001", true)]
    [InlineData("0XB9EA4813", true)]
    [InlineData("3232235521", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("example.com", false)]
    [InlineData("0x", false)]
    [InlineData("0xZZ", false)]
    [InlineData("1a.example", false)]
    [InlineData("...", false)]
    [InlineData("", false)]
    public void IsIpLiteral_Host_RecognisesDottedHexAndDecimalForms(string host, bool expected)
    {
        Assert.Equal(expected, DomainName.IsIpLiteral(host));
    }

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("mail.example.com", "example.com", true)]
    [InlineData("a.b.example.com", "example.com", true)]
    [InlineData("badexample.com", "example.com", false)]
    [InlineData("example.com", "mail.example.com", false)]
    [InlineData("example.com.evil.net", "example.com", false)]
    public void IsSameOrSubdomain_HostAndDomain_ComparesLabels(string host, string domain, bool expected)
    {
        Assert.Equal(expected, DomainName.IsSameOrSubdomain(host, domain));
    }

    [Fact]
    public void HostOf_InvalidIdnHost_IsNull()
    {
        Assert.Null(DomainName.HostOf(new Uri("https://ex\uFFFDample.com/")));
        Assert.Equal("xn--bcher-kva.example", DomainName.HostOf(new Uri("https://Bücher.example/")));
    }
}
