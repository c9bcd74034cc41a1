using System.Diagnostics;
using SentiMail.Scoring;

namespace SentiMail.CorpusRunner;

/// <summary>Turns pass measurements and message outcomes into the figures of a <see cref="RunReport"/>.</summary>
internal static class ReportBuilder
{
    public const string OtherStep = "parse + context + scoring";
    private const double Mebibyte = 1024 * 1024;

    public static ModeReport BuildMode(string mode, Corpus corpus, IReadOnlyList<PassResult> passes, MemoryFigures memory)
    {
        var messages = corpus.Messages.Count;
        var megabytes = corpus.TotalBytes / Mebibyte;
        var totalWall = passes.Sum(p => p.Wall.TotalSeconds);
        var latencies = passes.SelectMany(p => p.LatencyTicks).Order().ToArray();

        var analysed = passes.Sum(p => p.Analysed);
        var engine = passes.Sum(p => p.EngineMilliseconds);
        var steps = new List<StepFigures>();
        if (analysed > 0 && engine > 0)
        {
            var names = passes.SelectMany(p => p.AnalyzerMilliseconds.Keys).Distinct(StringComparer.Ordinal).ToList();
            var analyzers = 0.0;
            foreach (var name in names)
            {
                var ms = passes.Sum(p => p.AnalyzerMilliseconds.GetValueOrDefault(name));
                analyzers += ms;
                steps.Add(new StepFigures(name, ms * 1000 / analysed, ms / engine));
            }

            var other = engine - analyzers;
            steps.Add(new StepFigures(OtherStep, other * 1000 / analysed, other / engine));
            steps.Add(new StepFigures("engine total (report.DurationMilliseconds)", engine * 1000 / analysed, 1));
        }

        return new ModeReport
        {
            Mode = mode,
            Passes = [.. passes.Select(p => new PassFigures(
                p.Wall.TotalSeconds, messages / p.Wall.TotalSeconds, megabytes / p.Wall.TotalSeconds, p.AllocatedBytes / Mebibyte,
                p.Gen0,
                p.Gen1,
                p.Gen2,
                p.GcPause.TotalSeconds,
                p.ProcessCpu.TotalMicroseconds / messages,
                p.OtherCpu is { } other ? other.TotalSeconds / (p.Wall.TotalSeconds * Environment.ProcessorCount) : null))],
            MeanWallSeconds = totalWall / passes.Count,
            MessagesPerSecond = messages * passes.Count / totalWall,
            MegabytesPerSecond = megabytes * passes.Count / totalWall,
            Latency = new LatencyFigures(
                ToMs(latencies.Average()), ToMs(Percentile(latencies, 0.50)), ToMs(Percentile(latencies, 0.90)), ToMs(Percentile(latencies, 0.99)), ToMs(latencies[^1])),
            AllocatedKilobytesPerMessage = passes.Sum(p => (double)p.AllocatedBytes) / 1024 / (messages * (double)passes.Count),
            CpuMicrosecondsPerMessage = passes.Sum(p => p.ProcessCpu.TotalMicroseconds) / (messages * (double)passes.Count),
            OtherProcessesCpuShare = passes.All(p => p.OtherCpu is not null)
                ? passes.Sum(p => p.OtherCpu!.Value.TotalSeconds) / (totalWall * Environment.ProcessorCount)
                : null,
            GcPauseShare = passes.Sum(p => p.GcPause.TotalSeconds) / totalWall,
            Rejections = passes[0].Rejections,
            Errors = passes[0].Errors,
            Memory = memory,
            Steps = steps,
        };
    }

    public static IReadOnlyList<GroupVerdicts> BuildVerdicts(Corpus corpus, MessageOutcome?[] outcomes)
    {
        var rows = new List<GroupVerdicts>();
        foreach (var group in corpus.Groups)
        {
            rows.Add(Verdicts(group, Corpus.KindOf(group), Select(corpus, outcomes, m => m.Group == group)));
        }

        foreach (var kind in new[] { GroupKind.Ham, GroupKind.Spam })
        {
            if (corpus.Groups.Count(g => Corpus.KindOf(g) == kind) > 1)
            {
                rows.Add(Verdicts($"all {kind.ToString().ToLowerInvariant()}", kind, Select(corpus, outcomes, m => Corpus.KindOf(m.Group) == kind)));
            }
        }

        return rows;
    }

    public static IReadOnlyList<GroupSignals> BuildSignals(Corpus corpus, MessageOutcome?[] outcomes, int top)
    {
        var rows = new List<GroupSignals>();
        foreach (var kind in new[] { GroupKind.Ham, GroupKind.Spam })
        {
            if (corpus.Groups.Any(g => Corpus.KindOf(g) == kind))
            {
                rows.Add(Signals($"all {kind.ToString().ToLowerInvariant()}", kind, Select(corpus, outcomes, m => Corpus.KindOf(m.Group) == kind), top));
            }
        }

        foreach (var group in corpus.Groups)
        {
            rows.Add(Signals(group, Corpus.KindOf(group), Select(corpus, outcomes, m => m.Group == group), top));
        }

        return rows;
    }

    private static List<MessageOutcome> Select(Corpus corpus, MessageOutcome?[] outcomes, Func<CorpusMessage, bool> predicate)
    {
        var selected = new List<MessageOutcome>();
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (predicate(corpus.Messages[i]) && outcomes[i] is { } outcome)
            {
                selected.Add(outcome);
            }
        }

        return selected;
    }

    private static GroupVerdicts Verdicts(string group, GroupKind kind, List<MessageOutcome> outcomes)
    {
        var clean = outcomes.Count(o => o.Verdict == Verdict.Clean);
        var suspicious = outcomes.Count(o => o.Verdict == Verdict.Suspicious);
        var malicious = outcomes.Count(o => o.Verdict == Verdict.Malicious);
        var analysed = clean + suspicious + malicious;
        return new GroupVerdicts(
            group,
            kind,
            outcomes.Count,
            clean,
            suspicious,
            malicious,
            outcomes.Count(o => o.Rejection is not null),
            outcomes.Count(o => o.Error is not null),
            analysed == 0 ? 0 : outcomes.Where(o => o.Verdict is not null).Average(o => o.Score),
            analysed == 0 ? 0 : (suspicious + malicious) / (double)analysed,
            analysed == 0 ? 0 : malicious / (double)analysed);
    }

    private static GroupSignals Signals(string group, GroupKind kind, List<MessageOutcome> outcomes, int top)
    {
        var counts = new Dictionary<string, (int Messages, double Weight)>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            // A signal raised twice on one message counts once; its weights add up.
            // Checks reported as not made (offline authentication) say nothing about the message: leave them out.
            foreach (var byId in outcome.Signals.Where(s => !s.Id.EndsWith(".skipped", StringComparison.Ordinal)).GroupBy(s => s.Id, StringComparer.Ordinal))
            {
                var (messages, weight) = counts.GetValueOrDefault(byId.Key);
                counts[byId.Key] = (messages + 1, weight + byId.Sum(s => s.Weight));
            }
        }

        var signals = counts
            .OrderByDescending(c => c.Value.Messages).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(c => new SignalCount(c.Key, c.Value.Messages, outcomes.Count == 0 ? 0 : c.Value.Messages / (double)outcomes.Count, c.Value.Weight / c.Value.Messages))
            .ToList();
        return new GroupSignals(group, kind, outcomes.Count, signals);
    }

    private static long Percentile(long[] sorted, double p)
    {
        // Nearest-rank percentile.
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double ToMs(double ticks) => ticks * 1000 / Stopwatch.Frequency;
}
