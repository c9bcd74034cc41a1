using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Kubernetes.Tests.WarmUp;

/// <summary>An analyzer registered by the application that counts the messages the engine gave it.</summary>
internal sealed class CountingAnalyzer : IMessageAnalyzer
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public string? LastSubject { get; private set; }

    public string Name => "counting";

    public IReadOnlyList<SignalDefinition> Signals => [];

    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        LastSubject = context.Message.Subject;
        Interlocked.Increment(ref _count);
        return ValueTask.CompletedTask;
    }
}
