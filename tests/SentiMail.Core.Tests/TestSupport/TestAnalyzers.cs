using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Tests.TestSupport;

/// <summary>An analyzer that always throws.</summary>
internal sealed class ThrowingAnalyzer : IMessageAnalyzer
{
    public string Name => "throwing";

    public IReadOnlyList<SignalDefinition> Signals => [];

    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Boom from a test analyzer.");
}

/// <summary>An analyzer with a bug: it raises a signal whose weight is not a number.</summary>
internal sealed class NotANumberAnalyzer : IMessageAnalyzer
{
    public static readonly SignalDefinition Odd = new("test.not-a-number", SignalCategory.Content, 5, "A weight computed as 0/0.");

    public string Name => "not-a-number";

    public IReadOnlyList<SignalDefinition> Signals => [Odd];

    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        signals.Add(Odd, "Computed.", weight: double.NaN);
        return ValueTask.CompletedTask;
    }
}

/// <summary>An analyzer that waits until its token is cancelled.</summary>
internal sealed class HangingAnalyzer : IMessageAnalyzer
{
    public string Name => "hanging";

    public IReadOnlyList<SignalDefinition> Signals => [];

    public int Started { get; private set; }

    public async ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        Started++;
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>An analyzer that records each run and raises <see cref="Seen"/>.</summary>
internal sealed class RecordingAnalyzer : IMessageAnalyzer
{
    public static readonly SignalDefinition Seen = new("test.seen", SignalCategory.Content, 1, "The recording test analyzer ran.");

    public string Name => "recording";

    public IReadOnlyList<SignalDefinition> Signals => [Seen];

    public int Runs { get; private set; }

    public bool LastTokenWasCancelled { get; private set; }

    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        Runs++;
        LastTokenWasCancelled = cancellationToken.IsCancellationRequested;
        signals.Add(Seen, "The recording analyzer ran.", "test", context.Subject.Length > 0 ? context.Subject : "(no subject)");
        return ValueTask.CompletedTask;
    }
}

/// <summary>A learned model's analyzer that raises its signal only on messages whose text mentions "judge me".</summary>
internal sealed class LearnedAnalyzer : ILearnedModelAnalyzer
{
    public static readonly SignalDefinition Judged = new("test.learned", SignalCategory.Content, 5, "A learned model's opinion.");

    public string Name => "learned";

    public string ModelVersion => "test 2026-11-24";

    public IReadOnlyList<SignalDefinition> Signals => [Judged];

    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        if (context.VisibleText.Contains("judge me", StringComparison.Ordinal))
        {
            signals.Add(Judged, "Judged.");
        }

        return ValueTask.CompletedTask;
    }
}
