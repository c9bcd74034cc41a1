using SentiMail.Signals;

namespace SentiMail;

/// <summary>Signals the engine raises about its own analyzers.</summary>
public static class EngineSignals
{
    /// <summary>An analyzer threw; the rest of the report stands.</summary>
    public static readonly SignalDefinition AnalyzerError = new(
        "analyzer.error", SignalCategory.Engine, 0, "An analyzer failed on this message; its checks are missing from the report.");

    /// <summary>An analyzer ran out of its time budget.</summary>
    public static readonly SignalDefinition AnalyzerTimeout = new(
        "analyzer.timeout", SignalCategory.Engine, 0, "An analyzer ran out of time on this message; its checks are missing from the report.");

    /// <summary>Gets every engine signal.</summary>
    public static IReadOnlyList<SignalDefinition> All { get; } = [AnalyzerError, AnalyzerTimeout];
}
