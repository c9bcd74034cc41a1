using System.Net;
using SentiMail.Authentication.Spf;

namespace SentiMail.Tests.Authentication.Spf;

public class SpfRecordParserTests
{
    [Theory]
    [InlineData("v=spf1", true)]
    [InlineData("v=spf1 -all", true)]
    [InlineData("V=SpF1 ~all", true)]
    [InlineData("v=spf10", false)]
    [InlineData("v=spf1-all", false)]
    [InlineData("v=spf1\t-all", false)]
    [InlineData(" v=spf1 -all", false)]
    [InlineData("spf2.0/pra -all", false)]
    public void IsSpfRecord_Text_SelectsVersion1Records(string text, bool expected)
    {
        Assert.Equal(expected, SpfRecordParser.IsSpfRecord(text));
    }

    [Fact]
    public void TryParse_EveryMechanism_IsParsedInOrder()
    {
        var ok = SpfRecordParser.TryParse(
            "v=spf1 +all -include:_spf.example.com ~a ?a:mail.example.com/24//64 mx mx:%{d}//48 ptr ptr:example.org ip4:192.0.2.0/24 ip6:2001:db8::/32 exists:%{i}._spf.%{d} redirect=other.example exp=why.%{d} x-custom=%{l}",
            out var record,
            out var error);

        Assert.True(ok, error);
        Assert.Equal(
            [SpfMechanismKind.All, SpfMechanismKind.Include, SpfMechanismKind.A, SpfMechanismKind.A, SpfMechanismKind.Mx, SpfMechanismKind.Mx, SpfMechanismKind.Ptr, SpfMechanismKind.Ptr, SpfMechanismKind.Ip4, SpfMechanismKind.Ip6, SpfMechanismKind.Exists],
            record!.Directives.Select(d => d.Kind));
        Assert.Equal([SpfResult.Pass, SpfResult.Fail, SpfResult.SoftFail, SpfResult.Neutral], record.Directives.Take(4).Select(d => d.Qualifier));
        Assert.Equal(24, record.Directives[3].Ip4Prefix);
        Assert.Equal(64, record.Directives[3].Ip6Prefix);
        Assert.Equal(32, record.Directives[5].Ip4Prefix);
        Assert.Equal(48, record.Directives[5].Ip6Prefix);
        Assert.Equal(IPAddress.Parse("192.0.2.0"), record.Directives[8].Network);
        Assert.Equal(32, record.Directives[9].Ip6Prefix);
        Assert.Equal("other.example", record.Redirect!.Text);
        Assert.Equal("why.%{d}", record.Explanation!.Text);
        Assert.True(record.HasAll);
    }

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.1/032")]
    [InlineData("v=spf1 ip4:192.0.02.1")]
    [InlineData("v=spf1 ip4:192.0.2")]
    [InlineData("v=spf1 ip4:192.0.2.1//32")]
    [InlineData("v=spf1 ip4")]
    [InlineData("v=spf1 ip6::CAFE::BABE")]
    [InlineData("v=spf1 ip6:[::1]")]
    [InlineData("v=spf1 ip6:fe80::1%eth0")]
    [InlineData("v=spf1 ip6:::1//64")]
    [InlineData("v=spf1 a/33")]
    [InlineData("v=spf1 a//129")]
    [InlineData("v=spf1 a:")]
    [InlineData("v=spf1 ptr/24")]
    [InlineData("v=spf1 include:example.com/24")]
    [InlineData("v=spf1 exists")]
    [InlineData("v=spf1 -all.")]
    [InlineData("v=spf1 all:x")]
    [InlineData("v=spf1 redirect:example.com")]
    [InlineData("v=spf1 redirect=")]
    [InlineData("v=spf1 exp=")]
    [InlineData("v=spf1 =all")]
    [InlineData("v=spf1 a:foo\u0000.example.com")]
    public void TryParse_SyntaxError_Fails(string text)
    {
        Assert.False(SpfRecordParser.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Theory]
    [InlineData("v=spf1 moo.cow-far_out=man:dog/cat -all")]
    [InlineData("v=spf1 default=pass")]
    [InlineData("v=spf1 x=")]
    [InlineData("v=spf1  a  -all ")]
    [InlineData("v=spf1 a:foo:bar/baz.example.com")]
    [InlineData("v=spf1 ip6:::FFFF:1.2.3.4 ip6:Cafe:Babe:8000::/33")]
    [InlineData("v=spf1 A:EXAMPLE.COM MX//64 Redirect=example.net")]
    public void TryParse_ValidRecord_Succeeds(string text)
    {
        Assert.True(SpfRecordParser.TryParse(text, out _, out var error), error);
    }
}
