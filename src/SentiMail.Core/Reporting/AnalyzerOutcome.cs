namespace SentiMail.Reporting;

/// <summary>How an analyzer run ended.</summary>
public enum AnalyzerOutcome
{
    /// <summary>It completed.</summary>
    Completed,

    /// <summary>It threw; the report holds an <c>analyzer.error</c> signal.</summary>
    Failed,

    /// <summary>It ran out of time; the report holds an <c>analyzer.timeout</c> signal.</summary>
    TimedOut,
}
