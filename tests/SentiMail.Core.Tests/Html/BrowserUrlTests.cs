using SentiMail.Html;

namespace SentiMail.Tests.Html;

public class BrowserUrlTests
{
    [Theory]
    // Written plainly: unchanged but for the scheme's and host's case.
    [InlineData("https://example.com/a?b=1#c", "https://example.com/a?b=1#c", "example.com")]
    [InlineData("HTTPS://Login.Example.COM/Path", "https://login.example.com/Path", "login.example.com")]
    [InlineData("https://example.com", "https://example.com", "example.com")]
    // Tabs and newlines anywhere are dropped; controls and spaces around are trimmed.
    [InlineData("ht\ttps://exa\nmple.com/a\r", "https://example.com/a", "example.com")]
    [InlineData("\u0001 https://example.com/ \u001f", "https://example.com/", "example.com")]
    // Any number of slashes or backslashes after a web scheme, none included; backslashes in the path are slashes.
    [InlineData("https:example.com/a", "https://example.com/a", "example.com")]
    [InlineData("https:/example.com/a", "https://example.com/a", "example.com")]
    [InlineData("https:////example.com/a", "https://example.com/a", "example.com")]
    [InlineData("https:\\\\example.com\\a\\b?x=\\y", "https://example.com/a/b?x=\\y", "example.com")]
    // The host is percent-decoded and mapped to lowercase ASCII as IDNA does.
    [InlineData("https://%70aypal%2Ecom.example.net/", "https://paypal.com.example.net/", "paypal.com.example.net")]
    [InlineData("https://\uff50\uff41\uff59\uff50\uff41\uff4c.com/", "https://paypal.com/", "paypal.com")]
    [InlineData("https://pay\u00adpal.com/", "https://paypal.com/", "paypal.com")]
    [InlineData("https://b\u00fccher.example/", "https://xn--bcher-kva.example/", "xn--bcher-kva.example")]
    // A host that ends in a number is an IPv4 address, written with one to four numbers in decimal, octal or hex.
    [InlineData("http://3232235777/x", "http://192.168.1.1/x", "192.168.1.1")]
    [InlineData("http://0x7f.1/", "http://127.0.0.1/", "127.0.0.1")]
    [InlineData("http://0300.0250.0.1/", "http://192.168.0.1/", "192.168.0.1")]
    [InlineData("http://0xC0A80001/", "http://192.168.0.1/", "192.168.0.1")]
    [InlineData("http://1.2.3.4./", "http://1.2.3.4/", "1.2.3.4")]
    // User information and ports are kept; a port loses its leading zeros.
    [InlineData("https://www.paypal.com@evil.example/", "https://www.paypal.com@evil.example/", "evil.example")]
    [InlineData("https://example.com:0443/", "https://example.com:443/", "example.com")]
    // "//host" opens that host over https, as in a webmail page.
    [InlineData("//example.com/a", "https://example.com/a", "example.com")]
    [InlineData("\\\\example.com\\a", "https://example.com/a", "example.com")]
    // An empty port is none; a label .NET's IDNA refuses for its hyphen, which browsers open, keeps the rest checked.
    [InlineData("http://example.com:/a", "http://example.com/a", "example.com")]
    [InlineData("https://-\u00e9.login.secure-check.example/", "https://-\u00e9.login.secure-check.example/", "-\u00e9.login.secure-check.example")]
    public void Resolve_WebAddress_ReadsItAsABrowserDoes(string written, string href, string host)
    {
        var resolved = BrowserUrl.Resolve(written);

        Assert.Equal(href, resolved.Href);
        Assert.Equal(host, resolved.Host);
    }

    [Theory]
    [InlineData("http://256.1.1.1/")]
    [InlineData("http://1.2.3.4.5/")]
    [InlineData("http://1.2.3.0x100000000/")]
    [InlineData("http://4294967296/")]
    [InlineData("http://09.1.1.1/")]
    [InlineData("https://example.com:65536/")]
    [InlineData("https://example.com:80a/")]
    [InlineData("https://exa mple.com/")]
    [InlineData("https://exa%20mple.com/")]
    [InlineData("https://%ff.example/")]
    [InlineData("https:///")]
    [InlineData("https://[::1/")]
    public void Resolve_AddressABrowserRefuses_HasNoHost(string written)
    {
        var resolved = BrowserUrl.Resolve(written);

        Assert.Null(resolved.Host);
    }

    [Fact]
    public void Resolve_HostWithALoneSurrogate_HasNoHost()
    {
        Assert.Null(BrowserUrl.Resolve("https://%41" + '\uD800' + ".example/").Host);
    }

    [Theory]
    [InlineData("mailto:someone@example.com", "mailto")]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("cid:logo@example.com", "cid")]
    [InlineData("hxxps://example.com/", "hxxps")]
    public void Resolve_OtherScheme_KeepsItWithoutAHost(string written, string scheme)
    {
        var resolved = BrowserUrl.Resolve(written);

        Assert.Equal(scheme, resolved.Scheme);
        Assert.Equal(written, resolved.Href);
        Assert.Null(resolved.Host);
    }

    [Theory]
    [InlineData("page.html", "https://base.example/dir/page.html")]
    [InlineData("/root", "https://base.example/root")]
    [InlineData("..\\up", "https://base.example/up")]
    [InlineData("?q=1", "https://base.example/dir/index.html?q=1")]
    [InlineData("https:same-scheme", "https://base.example/dir/same-scheme")]
    public void Resolve_RelativeReference_FollowsTheBase(string written, string href)
    {
        var baseUrl = BrowserUrl.Resolve("https://base.example/dir/index.html");

        var resolved = BrowserUrl.Resolve(written, baseUrl);

        Assert.Equal(href, resolved.Href);
        Assert.Equal("base.example", resolved.Host);
    }

    [Theory]
    [InlineData("//other.example/x", "https://other.example/x", "other.example")]
    [InlineData("\\\\other.example\\x", "https://other.example/x", "other.example")]
    [InlineData("http:other.example/x", "http://other.example/x", "other.example")]
    public void Resolve_ReferenceNamingAHost_LeavesTheBase(string written, string href, string host)
    {
        var baseUrl = BrowserUrl.Resolve("https://base.example/dir/");

        var resolved = BrowserUrl.Resolve(written, baseUrl);

        Assert.Equal(href, resolved.Href);
        Assert.Equal(host, resolved.Host);
    }

    [Theory]
    [InlineData("page.html")]
    [InlineData("/root")]
    [InlineData("?q=1")]
    public void Resolve_RelativeReferenceWithoutBase_LeadsNowhere(string written)
    {
        var resolved = BrowserUrl.Resolve(written);

        Assert.Equal(string.Empty, resolved.Scheme);
        Assert.Equal(written, resolved.Href);
        Assert.Null(resolved.Host);
    }
}
