using System.Globalization;
using SentiMail.Reporting;
using SentiMail.Scoring;
using SentiMail.Signals;

namespace SentiMail.Host.Web;

/// <summary>What the result page shows: one report, with where it came from.</summary>
/// <param name="Report">The report.</param>
/// <param name="Id">The stored analysis id, or <see langword="null"/> for an anonymous upload (shown once, not stored).</param>
/// <param name="CreatedAt">When the analysis was made.</param>
/// <param name="SourceFileName">The uploaded file's name, if any.</param>
internal sealed record ReportView(AnalysisReport Report, Guid? Id, DateTimeOffset CreatedAt, string? SourceFileName)
{
    /// <summary>Gets the signals grouped by category, the heaviest group first, each group's signals strongest first.</summary>
    public IReadOnlyList<SignalGroup> Groups { get; } =
    [
        .. Report.Signals
            .GroupBy(s => s.Category)
            .Select(g => new SignalGroup(g.Key, [.. g.OrderByDescending(s => s.Weight)], g.Sum(s => s.Weight)))
            .OrderByDescending(g => g.Total)
            .ThenBy(g => g.Category),
    ];

    /// <summary>Gets the category's name in words.</summary>
    /// <param name="category">The category.</param>
    /// <returns>Such as <c>Email authentication</c>.</returns>
    public static string CategoryTitle(SignalCategory category) => category switch
    {
        SignalCategory.Authentication => "Email authentication",
        SignalCategory.Sender => "Sender and relays",
        SignalCategory.Headers => "Headers",
        SignalCategory.Impersonation => "Impersonation",
        SignalCategory.Content => "Content",
        SignalCategory.Links => "Links",
        SignalCategory.Attachments => "Attachments",
        SignalCategory.Reputation => "Reputation",
        SignalCategory.Model => "Learned model",
        SignalCategory.Engine => "Engine",
        _ => category.ToString(),
    };

    /// <summary>Gets the CSS class of a verdict.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <returns><c>verdict-clean</c>, <c>verdict-suspicious</c> or <c>verdict-malicious</c>.</returns>
    public static string VerdictClass(Verdict verdict) => "verdict-" + verdict.ToString().ToLowerInvariant();

    /// <summary>Formats a weight with its sign, such as <c>+35</c> or <c>-10</c>.</summary>
    /// <param name="weight">The weight.</param>
    /// <returns>The text.</returns>
    public static string Weight(double weight) => weight.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    /// <summary>Formats a time for the pages (UTC, to the minute).</summary>
    /// <param name="time">The time.</param>
    /// <returns>Such as <c>2026-11-24 04:05 UTC</c>.</returns>
    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>The signals of one category.</summary>
/// <param name="Category">The category.</param>
/// <param name="Signals">Its signals, strongest first.</param>
/// <param name="Total">The sum of their weights.</param>
internal sealed record SignalGroup(SignalCategory Category, IReadOnlyList<Signal> Signals, double Total);
