using BenchmarkDotNet.Attributes;
using SentiMail.Html;
using MimeKit.Text;

namespace SentiMail.Benchmarks;

/// <summary>Turning a 50 KB HTML newsletter into visible text, hidden text, links and forms.</summary>
[MemoryDiagnoser]
public class HtmlExtractionBenchmarks
{
    private string _html = string.Empty;

    /// <summary>Builds the newsletter.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _html = BenchmarkMessages.NewsletterHtml(50 * 1024);
        var extraction = HtmlTextExtractor.Extract(_html);
        Console.WriteLine($"// {_html.Length:N0} characters of HTML, {extraction.VisibleText.Length:N0} visible, {extraction.Links.Count} links");
    }

    /// <summary>MimeKit's HTML5 tokenizer alone, reading every token: the floor under <see cref="Extract"/>.</summary>
    /// <returns>The number of tokens.</returns>
    [Benchmark(Baseline = true)]
    public int TokenizeOnly()
    {
        using var reader = new StringReader(_html);
        var tokenizer = new HtmlTokenizer(reader);
        var count = 0;
        while (tokenizer.ReadNextToken(out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>The HTML5 tokenizer pass that builds visible and hidden text, links and forms.</summary>
    /// <returns>The extraction.</returns>
    [Benchmark]
    public HtmlExtraction Extract() => HtmlTextExtractor.Extract(_html);
}
