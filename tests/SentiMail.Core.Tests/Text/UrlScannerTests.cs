using SentiMail.Context;
using SentiMail.Text;

namespace SentiMail.Tests.Text;

public class UrlScannerTests
{
    [Fact]
    public void Scan_Text_FindsHttpAndWwwUrlsWithoutTrailingPunctuation()
    {
        var links = Scan("Go to https://example.com/path?a=1, or (www.example.org/page). Also HTTP://EXAMPLE.NET/x!");

        Assert.Equal(["https://example.com/path?a=1", "www.example.org/page", "HTTP://EXAMPLE.NET/x"], links.Select(l => l.Url));
        Assert.Equal(["example.com", "www.example.org", "example.net"], links.Select(l => l.Host));
        Assert.All(links, l =>
        {
            Assert.Equal(LinkSource.Text, l.Source);
            Assert.Equal("body:text", l.Location);
            Assert.Empty(l.Text);
        });
    }

    [Theory]
    [InlineData("The httpd server and https-proxy are fine.")]
    [InlineData("Visit wwww.example.com or awww.example.com")]
    [InlineData("http://a.b")]
    [InlineData("no links at all")]
    public void Scan_NotAUrl_FindsNothing(string text)
    {
        Assert.Empty(Scan(text));
    }

    [Fact]
    public void Scan_UrlsInsideAngleBracketsAndQuotes_StopAtTheDelimiter()
    {
        var links = Scan("<https://example.com/a> \"https://example.com/b\" «https://example.com/c»");

        Assert.Equal(["https://example.com/a", "https://example.com/b", "https://example.com/c"], links.Select(l => l.Url));
    }

    [Fact]
    public void Scan_ManyUrls_StopsAtTheLimit()
    {
        var text = string.Join(' ', Enumerable.Range(0, 1500).Select(i => $"https://example.com/{i}"));

        Assert.Equal(1000, Scan(text).Count);
    }

    private static List<MessageLink> Scan(string text)
    {
        var links = new List<MessageLink>();
        UrlScanner.Scan(text, "body:text", links);
        return links;
    }
}
