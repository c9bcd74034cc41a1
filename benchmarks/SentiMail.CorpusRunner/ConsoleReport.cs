using System.Globalization;
using System.Text;

namespace SentiMail.CorpusRunner;

/// <summary>Prints a <see cref="RunReport"/> as GitHub-markdown tables, ready to paste into docs/benchmarks.md.</summary>
internal static class ConsoleReport
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static string Format(RunReport report)
    {
        var sb = new StringBuilder();
        var m = report.Machine;
        sb.AppendLine("## Machine and corpus").AppendLine();
        Table(
            sb,
            ["Item", "Value"],
            [
                ["Processors", m.ProcessorCount.ToString(s_inv)],
                ["CPU", m.Cpu],
                ["Memory", F(m.MemoryGiB, "0.0") + " GiB"],
                ["OS", m.Os],
                ["Runtime", m.Runtime],
                ["GC", (m.ServerGc ? "server" : "workstation") + (m.ConcurrentGc ? ", concurrent" : ", non-concurrent")],
                ["Engine", m.EngineVersion],
                ["Corpus", report.Corpus.Directory],
                ["Messages", report.Corpus.Messages.ToString("N0", s_inv)],
                ["Bytes", F(report.Corpus.Bytes / 1024.0 / 1024.0, "0.0") + " MiB (" + report.Corpus.Bytes.ToString("N0", s_inv) + " bytes)"],
                ["Load time (read every file into memory, not timed below)", F(report.Corpus.LoadSeconds, "0.000") + " s"],
                ["Parallelism", report.Parallelism.ToString(s_inv)],
                ["Untimed warm-up (per mode)", $"at least {report.Warmup.ToString(s_inv)} passes and {report.WarmupSeconds.ToString(s_inv)} s"],
                ["Timed passes", report.Repeat.ToString(s_inv)],
            ]);

        var modes = new[] { report.ParseOnly, report.ParseDecode, report.Full }.OfType<ModeReport>().ToList();
        sb.AppendLine("## Throughput (mean over the timed passes)").AppendLine();
        Table(
            sb,
            ["Mode", "Warm-up", "Wall time / pass (s)", "Messages/s", "MiB/s", "CPU µs/message", "Allocated KiB/message", "GC pause", "Other processes' CPU", "Rejected", "Errors"],
            [.. modes.Select(r => new[]
            {
                r.Mode, r.WarmupPasses.ToString(s_inv) + " passes, " + F(r.WarmupSeconds, "0.0") + " s", F(r.MeanWallSeconds, "0.000"), F(r.MessagesPerSecond, "N0"), F(r.MegabytesPerSecond, "0.0"), F(r.CpuMicrosecondsPerMessage, "0.0"),
                F(r.AllocatedKilobytesPerMessage, "0.0"), Percent(r.GcPauseShare), r.OtherProcessesCpuShare is { } o ? Percent(o) : "n/a", r.Rejections.Values.Sum().ToString(s_inv), r.Errors.Values.Sum().ToString(s_inv),
            })]);
        if (report.FullToParseRatio is { } ratio)
        {
            sb.Append("Full analysis / parse-only time ratio: **").Append(F(ratio, "0.00")).AppendLine("×**").AppendLine();
        }

        if (report.FullToParseDecodeRatio is { } decodeRatio)
        {
            sb.Append("Full analysis / MimeKit parse + decode time ratio: **").Append(F(decodeRatio, "0.00")).AppendLine("×**").AppendLine();
        }

        sb.AppendLine("### Passes").AppendLine();
        Table(
            sb,
            ["Mode", "Pass", "Wall (s)", "Messages/s", "MiB/s", "CPU µs/message", "Other processes' CPU", "Allocated (MiB)", "GC pause (s)", "Gen0", "Gen1", "Gen2"],
            [.. modes.SelectMany(r => r.Passes.Select((p, i) => new[]
            {
                r.Mode, (i + 1).ToString(s_inv), F(p.WallSeconds, "0.000"), F(p.MessagesPerSecond, "N0"), F(p.MegabytesPerSecond, "0.0"),
                F(p.CpuMicrosecondsPerMessage, "0.0"), p.OtherProcessesCpuShare is { } o ? Percent(o) : "n/a", F(p.AllocatedMegabytes, "N0"), F(p.GcPauseSeconds, "0.000"), p.Gen0.ToString(s_inv), p.Gen1.ToString(s_inv), p.Gen2.ToString(s_inv),
            }))]);

        sb.AppendLine("## Per-message latency (ms, every message of every timed pass, measured around the call)").AppendLine();
        Table(
            sb,
            ["Mode", "Mean", "p50", "p90", "p99", "Max"],
            [.. modes.Select(r => new[] { r.Mode, F(r.Latency.Mean, "0.000"), F(r.Latency.P50, "0.000"), F(r.Latency.P90, "0.000"), F(r.Latency.P99, "0.000"), F(r.Latency.Max, "0.000") })]);

        sb.AppendLine("## Memory (MiB; the working set includes the corpus held in memory)").AppendLine();
        Table(
            sb,
            ["Mode", "Peak working set (Process.PeakWorkingSet64)", "Sampled peak working set", "Sampled peak managed heap", "Managed heap after (GC.GetTotalMemory)", "GC heap size (GCMemoryInfo)", "GC committed", "Corpus in memory"],
            [.. modes.Select(r => new[]
            {
                r.Mode, F(r.Memory.PeakWorkingSet, "0.0"), F(r.Memory.SampledPeakWorkingSet, "0.0"), F(r.Memory.SampledPeakManagedHeap, "0.0"),
                F(r.Memory.ManagedHeapAfter, "0.0"), F(r.Memory.GcHeapSize, "0.0"), F(r.Memory.GcCommitted, "0.0"), F(r.Memory.CorpusInMemory, "0.0"),
            })]);

        sb.AppendLine("## Rejected inputs and errors (per pass)").AppendLine();
        var rejectRows = modes.SelectMany(r => r.Rejections.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { r.Mode, "rejected: " + kv.Key, kv.Value.ToString(s_inv) })
            .Concat(r.Errors.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new[] { r.Mode, "error: " + kv.Key, kv.Value.ToString(s_inv) }))).ToList();
        if (rejectRows.Count == 0)
        {
            sb.AppendLine("None: every message was accepted.").AppendLine();
        }
        else
        {
            Table(sb, ["Mode", "Reason", "Messages"], rejectRows);
        }

        if (report.Full is { Steps.Count: > 0 } full)
        {
            sb.AppendLine("## Where the engine's time goes (full analysis, from report.Timings)").AppendLine();
            Table(sb, ["Step", "Mean µs/message", "Share"], [.. full.Steps.Select(s => new[] { s.Step, F(s.MeanMicroseconds, "0.0"), Percent(s.Share) })]);
        }

        if (report.Verdicts.Count > 0)
        {
            sb.AppendLine("## Verdicts per group").AppendLine();
            sb.AppendLine("Ham: false-positive rate = non-Clean share. Spam: detection rate = non-Clean share; Malicious-only share beside it.").AppendLine();
            Table(
                sb,
                ["Group", "Kind", "Messages", "Clean", "Suspicious", "Malicious", "Rejected", "Errors", "Mean score", "Non-Clean", "Malicious only"],
                [.. report.Verdicts.Select(v => new[]
                {
                    v.Group, v.Kind.ToString(), v.Messages.ToString("N0", s_inv),
                    Count(v.Clean, v.Messages), Count(v.Suspicious, v.Messages), Count(v.Malicious, v.Messages),
                    v.Rejected.ToString(s_inv), v.Errors.ToString(s_inv), F(v.MeanScore, "0.0"),
                    Percent(v.NonCleanRate) + (v.Kind switch { GroupKind.Ham => " FP", GroupKind.Spam => " detected", _ => string.Empty }),
                    Percent(v.MaliciousRate),
                })]);
        }

        foreach (var group in report.TopSignals)
        {
            sb.Append("## Top signals: ").Append(group.Group).Append(" (").Append(group.Kind).Append(", ")
                .Append(group.Messages.ToString("N0", s_inv)).AppendLine(" messages)").AppendLine();
            Table(
                sb,
                ["Signal", "Messages", "Share", "Mean weight"],
                [.. group.Signals.Select(s => new[] { s.Id, s.Messages.ToString("N0", s_inv), Percent(s.Share), F(s.MeanWeight, "0.0") })]);
        }

        return sb.ToString();
    }

    private static string Count(int count, int of) => count.ToString("N0", s_inv) + " (" + Percent(of == 0 ? 0 : count / (double)of) + ")";

    private static string Percent(double share) => (share * 100).ToString("0.0", s_inv) + " %";

    private static string F(double value, string format) => value.ToString(format, s_inv);

    private static void Table(StringBuilder sb, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        Row(sb, header, widths);
        sb.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            // Text in the first column, numbers right-aligned.
            sb.Append(i == 0 ? new string('-', widths[i] + 2) : " " + new string('-', widths[i]) + ":").Append('|');
        }

        sb.AppendLine();
        foreach (var row in rows)
        {
            Row(sb, row, widths);
        }

        sb.AppendLine();
    }

    private static void Row(StringBuilder sb, string[] cells, int[] widths)
    {
        sb.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            sb.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        sb.AppendLine();
    }
}
