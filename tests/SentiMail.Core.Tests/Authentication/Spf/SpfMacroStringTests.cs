using System.Net;
using SentiMail.Authentication.Spf;

namespace SentiMail.Tests.Authentication.Spf;

/// <summary>Macro parsing and expansion (RFC 7208 §7), including every example of §7.4.</summary>
public class SpfMacroStringTests
{
    [Theory]
    [InlineData("%{s}", "strong-bad@email.example.com")]
    [InlineData("%{o}", "email.example.com")]
    [InlineData("%{d}", "email.example.com")]
    [InlineData("%{d4}", "email.example.com")]
    [InlineData("%{d3}", "email.example.com")]
    [InlineData("%{d2}", "example.com")]
    [InlineData("%{d1}", "com")]
    [InlineData("%{dr}", "com.example.email")]
    [InlineData("%{d2r}", "example.email")]
    [InlineData("%{l}", "strong-bad")]
    [InlineData("%{l-}", "strong.bad")]
    [InlineData("%{lr}", "strong-bad")]
    [InlineData("%{lr-}", "bad.strong")]
    [InlineData("%{l1r-}", "strong")]
    [InlineData("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com")]
    [InlineData("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", "bad.strong.lp.3.2.0.192.in-addr._spf.example.com")]
    [InlineData("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", "3.2.0.192.in-addr.strong.lp._spf.example.com")]
    [InlineData("%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net")]
    public void ExpandDomain_Rfc7208Section74Example_MatchesTheRfc(string macro, string expected)
    {
        Assert.Equal(expected, Parse(macro).ExpandDomain(Values("192.0.2.3")));
    }

    [Fact]
    public void ExpandDomain_Rfc7208Section74IPv6Example_MatchesTheRfcIgnoringHexCase()
    {
        // The RFC prints the nibbles in lowercase; SentiMail writes them in uppercase like the open-spf suite's expected
        // explanations. DNS names compare without case.
        var expanded = Parse("%{ir}.%{v}._spf.%{d2}").ExpandDomain(Values("2001:db8::cb01"));

        Assert.Equal("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", expanded, ignoreCase: true);
        Assert.StartsWith("1.0.B.C.", expanded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%{c}", "2001:db8::cb01")]
    [InlineData("%{i}", "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1")]
    [InlineData("%{v}", "ip6")]
    public void ExpandExplanation_IPv6Client_UsesTheRfcForms(string macro, string expected)
    {
        Assert.Equal(expected, Parse(macro, SpfMacroContext.Explanation).ExpandExplanation(Values("2001:db8::cb01")));
    }

    [Theory]
    [InlineData("%%", "%")]
    [InlineData("%_", " ")]
    [InlineData("%-", "%20")]
    [InlineData("a%%b%_c%-d", "a%b c%20d")]
    [InlineData("%{h} %{r} %{t} %{p}", "mx.example.org receiver.example 1700000000 unknown")]
    [InlineData("%{L}", "strong-bad")]
    [InlineData("%{S}", "strong-bad%40email.example.com")]
    [InlineData("%{d1r.-}", "email")]
    [InlineData("%{d1r+-}", "email.example.com")] // only the listed delimiters split: "." is not one of them here
    public void ExpandExplanation_EscapesAndLetters_Expand(string macro, string expected)
    {
        Assert.Equal(expected, Parse(macro, SpfMacroContext.Explanation).ExpandExplanation(Values("192.0.2.3")));
    }

    [Fact]
    public void ExpandExplanation_UppercaseMacro_UrlEncodesAllButUnreserved()
    {
        var values = Values("192.0.2.3", sender: "~jack&jill=up-a_b3.c\u00e9@e8.example.com");

        var expanded = Parse("%{L}", SpfMacroContext.Explanation).ExpandExplanation(values);

        Assert.Equal("~jack%26jill%3Dup-a_b3.c%C3%A9", expanded);
    }

    [Theory]
    [InlineData("%{a}")]
    [InlineData("%{d0}")]
    [InlineData("%{d")]
    [InlineData("%{dx}")]
    [InlineData("%(d)")]
    [InlineData("foo%")]
    [InlineData("%{c}")]
    [InlineData("%{r}.example.com")]
    [InlineData("%{t}")]
    [InlineData("a b")]
    [InlineData("caf\u00e9")]
    public void TryParse_InvalidInDomainSpec_Fails(string text)
    {
        Assert.False(SpfMacroString.TryParse(text, SpfMacroContext.DomainSpec, out _, out var error));
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("%{c} %{r} %{t}")]
    [InlineData("Please see http://www.example.com/why.html?s=%{S}&ip=%{C}")]
    public void TryParse_ExplanationLetters_AreAllowedInExplanations(string text)
    {
        Assert.True(SpfMacroString.TryParse(text, SpfMacroContext.Explanation, out _, out _));
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("example.com.", true)]
    [InlineData("%{d}", true)]
    [InlineData("%{d}.%%", true)]
    [InlineData("_spf.%{d2}", true)]
    [InlineData("foo.example.xn--zckzah", true)]
    [InlineData("example.1-2", true)]
    [InlineData("museum", false)]
    [InlineData("museum.", false)]
    [InlineData("example.com:8080", false)]
    [InlineData("111.222.33.44", false)]
    [InlineData("example.-com", false)]
    [InlineData("example.com-", false)]
    [InlineData("%{d}com", false)]
    public void HasValidDomainEnd_DomainSpec_FollowsTheGrammar(string text, bool expected)
    {
        Assert.Equal(expected, Parse(text).HasValidDomainEnd());
    }

    [Fact]
    public void ExpandDomain_HugeDigitTransformer_UsesAllParts()
    {
        Assert.Equal("email.example.com", Parse("%{d99999999999999999999}").ExpandDomain(Values("192.0.2.3")));
    }

    [Theory]
    [InlineData("a..example.com")]
    [InlineData(".example.com")]
    public void ExpandDomain_EmptyLabel_IsNotAName(string text)
    {
        Assert.Null(Parse(text).ExpandDomain(Values("192.0.2.3")));
    }

    [Fact]
    public void ExpandDomain_LongExpansion_EqualsTheNaiveLeftTruncation()
    {
        // Past 8 KiB the expansion drops its left part as it goes; the result must be what truncating the whole would give.
        var sender = string.Join('.', Enumerable.Range(0, 40).Select(i => "label" + i)) + "@example.com";
        var macro = string.Concat(Enumerable.Repeat("%{l}.", 200)) + "example.com";
        var whole = string.Concat(Enumerable.Repeat(sender[..sender.IndexOf('@', StringComparison.Ordinal)] + ".", 200)) + "example.com";
        while (whole.Length > 253)
        {
            whole = whole[(whole.IndexOf('.', StringComparison.Ordinal) + 1)..];
        }

        Assert.Equal(whole, Parse(macro).ExpandDomain(Values("192.0.2.3", sender)));
    }

    private static SpfMacroString Parse(string text, SpfMacroContext context = SpfMacroContext.DomainSpec)
    {
        Assert.True(SpfMacroString.TryParse(text, context, out var parsed, out var error), error);
        return parsed!;
    }

    private static SpfMacroValues Values(string ip, string sender = "strong-bad@email.example.com")
    {
        var at = sender.LastIndexOf('@');
        var inputs = new SpfCheckInputs(IPAddress.Parse(ip), sender, sender[..at], sender[(at + 1)..], "mx.example.org", "receiver.example", 1_700_000_000);
        return new SpfMacroValues(inputs, sender[(at + 1)..], null);
    }
}
