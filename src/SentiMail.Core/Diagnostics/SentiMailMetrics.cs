using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Reflection;
using SentiMail.Scoring;

namespace SentiMail.Diagnostics;

/// <summary>
/// The engine's instruments on the <see cref="MeterName"/> meter: analyses by verdict, rejected messages by reason,
/// and the analysis duration. An <see cref="EmailAnalyzer"/> built by dependency injection takes its meter from the
/// container's <see cref="IMeterFactory"/>; one built by hand uses a process-wide meter.
/// </summary>
/// <remarks>Recording allocates nothing: the tag values are cached strings and single-tag overloads are used.</remarks>
public sealed class SentiMailMetrics
{
    /// <summary>The name of the meter: <c>SentiMail</c>.</summary>
    public const string MeterName = "SentiMail";

    /// <summary>The counter of completed analyses, tagged <c>verdict</c>.</summary>
    public const string AnalysesName = "sentimail.analyses";

    /// <summary>The counter of messages refused before analysis, tagged <c>reason</c>.</summary>
    public const string RejectedName = "sentimail.messages.rejected";

    /// <summary>The histogram of analysis durations, in seconds.</summary>
    public const string DurationName = "sentimail.analysis.duration";

    /// <summary>The histogram of final scores.</summary>
    public const string ScoreName = "sentimail.analysis.score";

    private static readonly string? s_version = typeof(SentiMailMetrics).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];

    // Analyses take from about 0.1 ms to a few seconds (the analyzer timeout).
    private static readonly double[] s_durationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] s_scoreBuckets = [0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    private static readonly KeyValuePair<string, object?>[] s_verdictTags =
    [
        new("verdict", "clean"),
        new("verdict", "suspicious"),
        new("verdict", "malicious"),
    ];

    private static readonly Lazy<SentiMailMetrics> s_shared = new(() => new SentiMailMetrics(new Meter(MeterName, s_version)));

    private readonly Counter<long> _analyses;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _score;

    /// <summary>Initializes a new instance of the <see cref="SentiMailMetrics"/> class on a meter of <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The factory of the application's meters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="meterFactory"/> is <see langword="null"/>.</exception>
    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "The meter factory owns and disposes the meters it creates.")]
    public SentiMailMetrics(IMeterFactory meterFactory)
        : this(CreateMeter(meterFactory))
    {
    }

    private SentiMailMetrics(Meter meter)
    {
        _analyses = meter.CreateCounter<long>(AnalysesName, "{analysis}", "Messages analyzed, by verdict.");
        _rejected = meter.CreateCounter<long>(RejectedName, "{message}", "Messages refused before analysis (too large, not an email...), by reason.");
        _duration = meter.CreateHistogram(DurationName, "s", "Time to analyze one message, from reading it to the report.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _score = meter.CreateHistogram(ScoreName, "{score}", "Final threat score of each analyzed message (0 to 100).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_scoreBuckets });
    }

    /// <summary>Gets the process-wide instruments, used when no <see cref="IMeterFactory"/> is given.</summary>
    public static SentiMailMetrics Shared => s_shared.Value;

    /// <summary>Records one completed analysis.</summary>
    /// <param name="verdict">The verdict.</param>
    /// <param name="score">The final score.</param>
    /// <param name="elapsed">The time the analysis took.</param>
    public void AnalysisCompleted(Verdict verdict, double score, TimeSpan elapsed)
    {
        var index = (int)verdict;
        if (_analyses.Enabled)
        {
            if ((uint)index < (uint)s_verdictTags.Length)
            {
                _analyses.Add(1, s_verdictTags[index]);
            }
            else
            {
                _analyses.Add(1, new KeyValuePair<string, object?>("verdict", verdict.ToString()));
            }
        }

        _duration.Record(elapsed.TotalSeconds);
        _score.Record(score);
    }

    /// <summary>Records one message refused before analysis.</summary>
    /// <param name="reasonCode">The rejection code (<c>too-large</c>, <c>not-an-email</c>...).</param>
    public void MessageRejected(string reasonCode) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reasonCode));

    private static Meter CreateMeter(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        return meterFactory.Create(new MeterOptions(MeterName) { Version = s_version });
    }
}
