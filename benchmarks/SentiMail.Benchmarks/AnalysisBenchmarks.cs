using BenchmarkDotNet.Attributes;
using SentiMail.Parsing;
using SentiMail.Reporting;

namespace SentiMail.Benchmarks;

/// <summary>
/// One message end to end: the MIME parse the engine starts with (baseline) against the full offline analysis, over
/// message shapes from a 2 KB note to a 300 KB message with a zip attachment and a 5,000-line header block.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private EmailAnalyzer _analyzer = null!;
    private MessageParser _parser = null!;
    private byte[] _message = [];

    /// <summary>Gets or sets the message shape.</summary>
    [Params(MessageSize.Small, MessageSize.Medium, MessageSize.Large, MessageSize.Headers5000)]
    public MessageSize Size { get; set; }

    /// <summary>Builds the message and the engine once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _message = BenchmarkMessages.Build(Size);
        _analyzer = EmailAnalyzer.CreateDefault();
        _parser = new MessageParser(new MessageLimits());

        // Fail early, not with a misleading figure, if the input is rejected.
        _parser.Parse(_message, _message.Length, CancellationToken.None).Message.Dispose();
        Console.WriteLine($"// {Size}: {_message.Length:N0} bytes");
    }

    /// <summary>The engine's parse step alone: limits check, MimeKit parse and MIME tree walk (the internal <see cref="MessageParser"/>).</summary>
    /// <returns>The number of MIME entities.</returns>
    [Benchmark(Baseline = true)]
    public int ParseOnly()
    {
        var parsed = _parser.Parse(_message, _message.Length, CancellationToken.None);

        // MimeKit's entities have finalizers: dispose the message as soon as it is done with.
        parsed.Message.Dispose();
        return parsed.Entities.Count;
    }

    /// <summary>The whole offline analysis (<see cref="EmailAnalyzer.AnalyzeAsync(ReadOnlyMemory{byte}, Context.MessageEnvelope?, CancellationToken)"/>).</summary>
    /// <returns>The report.</returns>
    [Benchmark]
    public Task<AnalysisReport> FullAnalysis() => _analyzer.AnalyzeAsync(_message);
}
