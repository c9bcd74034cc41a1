using System.Diagnostics;
using System.Text;
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

    [Fact]
    public void Scan_RandomTexts_FindTheSameUrlsAsTheRescanningScanner()
    {
        // The scanner remembers where each needle occurs next instead of searching both again from every position. The
        // URLs it finds must be those of the old scanner, which searched again each time.
        string[] pieces = ["http", "https://", "HTTP://", "http:/", "www.", "WWW.", "wwww.", "a.example", "/x", ".", ",", " ", "\n", "<", ">", "\"", ")", "w", "h", "ttp", "://", "9", "é"];
        var random = new Random(20240611);
        for (var round = 0; round < 2000; round++)
        {
            var text = new StringBuilder();
            var count = random.Next(1, 40);
            for (var i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var sample = text.ToString();
            Assert.Equal(Rescanning(sample), Scan(sample).Select(l => l.Url));
        }
    }

    [Fact]
    public void Scan_RepeatedHttpWithoutUrls_TakesLinearTime()
    {
        // 4 MiB of "http ": searching both needles again from every position took minutes (1 MiB took 14.5 s).
        var text = string.Concat(Enumerable.Repeat("http ", 4 * 1024 * 1024 / 5));
        var clock = Stopwatch.StartNew();

        Assert.Empty(Scan(text));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    /// <summary>The scanner as it was before it remembered the needles' positions: both are searched again from the
    /// current position at every step (quadratic, kept here as the reference for the URLs found).</summary>
    private static List<string> Rescanning(string text)
    {
        var span = text.AsSpan();
        var urls = new List<string>();
        var offset = 0;
        while (offset < span.Length && urls.Count < 1000)
        {
            var rest = span[offset..];
            var http = rest.IndexOf("http", StringComparison.OrdinalIgnoreCase);
            var www = rest.IndexOf("www.", StringComparison.OrdinalIgnoreCase);
            var index = http < 0 ? www : www < 0 ? http : Math.Min(http, www);
            if (index < 0)
            {
                break;
            }

            var start = offset + index;
            var isHttp = index == http && (span[start..].StartsWith("http://", StringComparison.OrdinalIgnoreCase) || span[start..].StartsWith("https://", StringComparison.OrdinalIgnoreCase));
            var isWww = !isHttp && index == www && (start == 0 || !char.IsLetterOrDigit(span[start - 1]) && span[start - 1] != '.' && span[start - 1] != '/');
            if (!isHttp && !isWww)
            {
                offset = start + 4;
                continue;
            }

            var end = start;
            while (end < span.Length && span[end] > ' ' && span[end] is not ('<' or '>' or '"' or '\u00A0' or '«' or '»' or '`') && !char.IsWhiteSpace(span[end]))
            {
                end++;
            }

            var url = span[start..end].TrimEnd(".,;:!?)]}'\"»").ToString();
            if (url.Length > 11)
            {
                urls.Add(url);
            }

            offset = Math.Max(end, start + 4);
        }

        return urls;
    }

    private static List<MessageLink> Scan(string text)
    {
        var links = new List<MessageLink>();
        UrlScanner.Scan(text, "body:text", links);
        return links;
    }
}
