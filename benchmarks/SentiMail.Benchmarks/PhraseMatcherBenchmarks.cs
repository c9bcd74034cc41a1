using BenchmarkDotNet.Attributes;
using SentiMail.Rules;
using SentiMail.Text;

namespace SentiMail.Benchmarks;

/// <summary>Lure matching over 5 KB of text: folding (baseline) and the built-in lure automaton on the folded text.</summary>
[MemoryDiagnoser]
public class PhraseMatcherBenchmarks
{
    private string _text = string.Empty;
    private string _folded = string.Empty;
    private PhraseMatcher _matcher = null!;
    private int[] _counts = [];

    /// <summary>Builds the text and takes the built-in lure matcher.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _text = BenchmarkMessages.LureText(5 * 1024);
        _folded = TextFolding.Fold(_text);
        _matcher = RuleSet.BuiltIn.LureMatcher;
        _counts = new int[_matcher.PhraseCount];
        Console.WriteLine($"// {_text.Length:N0} characters, {_folded.Length:N0} folded, {_matcher.PhraseCount} lure phrases, {_matcher.Count(_folded, _counts)} matches");
    }

    /// <summary>Folds the text (lowercase, accents removed, punctuation collapsed).</summary>
    /// <returns>The folded length.</returns>
    [Benchmark(Baseline = true)]
    public int Fold() => TextFolding.Fold(_text).Length;

    /// <summary>Counts every lure phrase in the folded text.</summary>
    /// <returns>The number of matches.</returns>
    [Benchmark]
    public int CountLures()
    {
        Array.Clear(_counts);
        return _matcher.Count(_folded, _counts);
    }

    /// <summary>Folds, then counts: what the content analyzer pays per message.</summary>
    /// <returns>The number of matches.</returns>
    [Benchmark]
    public int FoldAndCountLures()
    {
        Array.Clear(_counts);
        return _matcher.Count(TextFolding.Fold(_text), _counts);
    }
}
