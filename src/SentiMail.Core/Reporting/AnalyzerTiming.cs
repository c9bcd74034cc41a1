namespace SentiMail.Reporting;

/// <summary>How long one analyzer took, and how it ended.</summary>
/// <param name="Analyzer">The analyzer's name.</param>
/// <param name="Milliseconds">The elapsed time in milliseconds.</param>
/// <param name="Outcome">How it ended.</param>
public sealed record AnalyzerTiming(string Analyzer, double Milliseconds, AnalyzerOutcome Outcome);
