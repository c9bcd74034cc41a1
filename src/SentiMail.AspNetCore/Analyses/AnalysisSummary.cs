using SentiMail.Scoring;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>An analysis as listed by <c>GET /analyses</c>: enough to choose which one to open.</summary>
internal sealed record AnalysisSummary(Guid Id, DateTimeOffset CreatedAt, Verdict Verdict, int Score, string? Subject, string? SourceFileName, string? OwnerId);

/// <summary>The body of <c>GET /analyses</c>.</summary>
internal sealed record AnalysisListResponse(IReadOnlyList<AnalysisSummary> Items, int Page, int PageSize, int TotalCount);

/// <summary>The body of the compatibility <c>POST /api/submit/</c>.</summary>
internal sealed record CompatibilitySubmitResponse(Guid Id);
