namespace SentiMail.AspNetCore.Analyses;

/// <summary>One page of analyses and the number of analyses matching the query.</summary>
/// <param name="Items">The analyses of the page, newest first.</param>
/// <param name="TotalCount">How many analyses match the query, over every page.</param>
public sealed record AnalysisPage(IReadOnlyList<StoredAnalysis> Items, int TotalCount);
