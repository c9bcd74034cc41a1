using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.MachineLearning.Tests;

/// <summary>Runs the built-in analyzers on a message, then a function on its analysis context while the context is
/// still live (the engine disposes the parsed message when the analysis ends).</summary>
internal static class ContextProbe
{
    public static async Task<T> RunAsync<T>(ReadOnlyMemory<byte> message, Func<AnalysisContext, IReadOnlyList<Signal>, T> probe)
    {
        var capture = new Capture<T>(probe);
        await TestEngine.RulesThen(capture).AnalyzeAsync(message);
        Assert.True(capture.Ran, "the probe did not run");
        return capture.Result!;
    }

    private sealed class Capture<T>(Func<AnalysisContext, IReadOnlyList<Signal>, T> probe) : IMessageAnalyzer
    {
        public bool Ran { get; private set; }

        public T? Result { get; private set; }

        public string Name => "context-probe";

        public IReadOnlyList<SignalDefinition> Signals => [];

        public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
        {
            Result = probe(context, signals.ToSignals());
            Ran = true;
            return ValueTask.CompletedTask;
        }
    }
}
