using System.Diagnostics;
using SentiMail.Parsing;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.CorpusRunner;

/// <summary>What a pass does with each message.</summary>
internal enum RunMode
{
    /// <summary>The engine's parse step alone (the internal <see cref="MessageParser"/>).</summary>
    ParseOnly,

    /// <summary>What every MIME library's user pays at least: MimeKit's standard parse (<c>MimeMessage.Load</c>, copying
    /// contents) plus decoding every part and every text body, the baseline the design brief measures at 13–15k/s.</summary>
    ParseDecode,

    /// <summary>The full offline analysis (<see cref="EmailAnalyzer.AnalyzeAsync(ReadOnlyMemory{byte}, Context.MessageEnvelope?, CancellationToken)"/>).</summary>
    Full,
}

/// <summary>What became of one message in a pass.</summary>
/// <param name="Verdict">The verdict, when the message was analysed.</param>
/// <param name="Score">The score.</param>
/// <param name="Rejection">The rejection reason code, when the engine rejected the input.</param>
/// <param name="Error">The exception type, when something else went wrong (a bug).</param>
/// <param name="Signals">The signals raised (id and weight).</param>
internal sealed record MessageOutcome(Verdict? Verdict, int Score, string? Rejection, string? Error, IReadOnlyList<(string Id, double Weight)> Signals);

/// <summary>The measurements of one pass over the corpus.</summary>
internal sealed class PassResult
{
    public required TimeSpan Wall { get; init; }

    /// <summary>Gets each message's latency in <see cref="Stopwatch"/> ticks, indexed like the corpus.</summary>
    public required long[] LatencyTicks { get; init; }

    public required long AllocatedBytes { get; init; }

    public required int Gen0 { get; init; }

    public required int Gen1 { get; init; }

    public required int Gen2 { get; init; }

    /// <summary>Gets the time the GC paused the process during the pass.</summary>
    public required TimeSpan GcPause { get; init; }

    /// <summary>Gets the CPU time this process used during the pass (all threads: workers, GC, JIT).</summary>
    public required TimeSpan ProcessCpu { get; init; }

    /// <summary>Gets the CPU time other processes used during the pass (Linux only): competition for the cores.</summary>
    public required TimeSpan? OtherCpu { get; init; }

    public required Dictionary<string, int> Rejections { get; init; }

    public required Dictionary<string, int> Errors { get; init; }

    /// <summary>Gets the sum of each analyzer's reported milliseconds (full mode), by analyzer name.</summary>
    public required Dictionary<string, double> AnalyzerMilliseconds { get; init; }

    /// <summary>Gets the sum of the reports' <see cref="AnalysisReport.DurationMilliseconds"/> (full mode).</summary>
    public required double EngineMilliseconds { get; init; }

    public required int Analysed { get; init; }
}

/// <summary>Runs passes over an in-memory corpus with a fixed number of workers pulling the next message.</summary>
internal sealed class PassRunner(Corpus corpus, int parallelism, EmailAnalyzer analyzer, MessageParser parser)
{
    /// <summary>Runs one pass.</summary>
    /// <param name="mode">What to do with each message.</param>
    /// <param name="outcomes">Where to record each message's outcome (indexed like the corpus), or <see langword="null"/>.</param>
    /// <returns>The measurements.</returns>
    public async Task<PassResult> RunAsync(RunMode mode, MessageOutcome?[]? outcomes)
    {
        var messages = corpus.Messages;
        var latencies = new long[messages.Count];
        var workers = new Worker[parallelism];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = new Worker();
        }

        var next = -1;
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var pause = GC.GetTotalPauseDuration();
        var load = MachineLoad.Read();
        var watch = Stopwatch.StartNew();
        var tasks = workers.Select(worker => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Count)
            {
                var bytes = messages[i].Bytes;
                var started = Stopwatch.GetTimestamp();
                var outcome = mode switch
                {
                    RunMode.Full => await AnalyzeAsync(bytes, worker, outcomes is not null),
                    RunMode.ParseDecode => ParseAndDecode(bytes, worker),
                    _ => Parse(bytes, worker),
                };
                latencies[i] = Stopwatch.GetTimestamp() - started;
                if (outcomes is not null)
                {
                    outcomes[i] = outcome;
                }
            }
        }));
        await Task.WhenAll(tasks);
        watch.Stop();
        var allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        var loadAfter = MachineLoad.Read();
        var processCpu = loadAfter.ProcessCpu - load.ProcessCpu;

        var result = new PassResult
        {
            Wall = watch.Elapsed,
            LatencyTicks = latencies,
            AllocatedBytes = allocatedAfter - allocated,
            Gen0 = GC.CollectionCount(0) - gen0,
            Gen1 = GC.CollectionCount(1) - gen1,
            Gen2 = GC.CollectionCount(2) - gen2,
            GcPause = GC.GetTotalPauseDuration() - pause,
            ProcessCpu = processCpu,
            OtherCpu = loadAfter.MachineBusy - load.MachineBusy is { } busy ? (busy > processCpu ? busy - processCpu : TimeSpan.Zero) : null,
            Rejections = new Dictionary<string, int>(StringComparer.Ordinal),
            Errors = new Dictionary<string, int>(StringComparer.Ordinal),
            AnalyzerMilliseconds = new Dictionary<string, double>(StringComparer.Ordinal),
            EngineMilliseconds = workers.Sum(w => w.EngineMilliseconds),
            Analysed = workers.Sum(w => w.Analysed),
        };
        foreach (var worker in workers)
        {
            Merge(result.Rejections, worker.Rejections);
            Merge(result.Errors, worker.Errors);
            foreach (var (name, ms) in worker.AnalyzerMilliseconds)
            {
                result.AnalyzerMilliseconds[name] = result.AnalyzerMilliseconds.GetValueOrDefault(name) + ms;
            }
        }

        return result;
    }

    private static void Merge(Dictionary<string, int> into, Dictionary<string, int> from)
    {
        foreach (var (key, count) in from)
        {
            into[key] = into.GetValueOrDefault(key) + count;
        }
    }

    private async Task<MessageOutcome?> AnalyzeAsync(byte[] bytes, Worker worker, bool keep)
    {
        try
        {
            var report = await analyzer.AnalyzeAsync(bytes);
            worker.Analysed++;
            worker.EngineMilliseconds += report.DurationMilliseconds;
            foreach (var timing in report.Timings)
            {
                ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(worker.AnalyzerMilliseconds, timing.Analyzer, out _);
                slot += timing.Milliseconds;
            }

            return keep ? new MessageOutcome(report.Verdict, report.Score, null, null, [.. report.Signals.Select(s => (s.Id, s.Weight))]) : null;
        }
        catch (MessageRejectedException ex)
        {
            Worker.Count(worker.Rejections, ex.ReasonCode);
            return keep ? new MessageOutcome(null, 0, ex.ReasonCode, null, []) : null;
        }
#pragma warning disable CA1031 // The runner must survive any input: a failure is counted and reported, not fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Worker.Count(worker.Errors, ex.GetType().Name);
            return keep ? new MessageOutcome(null, 0, null, ex.GetType().Name + ": " + ex.Message, []) : null;
        }
    }

    private static MessageOutcome? ParseAndDecode(byte[] bytes, Worker worker)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var message = MimeKit.MimeMessage.Load(stream);
            foreach (var part in message.BodyParts.OfType<MimeKit.MimePart>())
            {
                if (part is MimeKit.TextPart text)
                {
                    worker.Sink += text.Text?.Length ?? 0;
                }
                else
                {
                    part.Content?.DecodeTo(Stream.Null);
                }
            }

            worker.Analysed++;
            return null;
        }
#pragma warning disable CA1031 // The runner must survive any input: a failure is counted and reported, not fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Worker.Count(worker.Errors, ex.GetType().Name);
            return null;
        }
    }

    private MessageOutcome? Parse(byte[] bytes, Worker worker)
    {
        try
        {
            var parsed = parser.Parse(bytes, bytes.Length, CancellationToken.None);

            // MimeKit's entities have finalizers: dispose the message as soon as it is done with, as any user should.
            parsed.Message.Dispose();
            worker.Analysed++;
            worker.Sink += parsed.Entities.Count;
            return null;
        }
        catch (MessageRejectedException ex)
        {
            Worker.Count(worker.Rejections, ex.ReasonCode);
            return null;
        }
#pragma warning disable CA1031 // The runner must survive any input: a failure is counted and reported, not fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Worker.Count(worker.Errors, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>One worker's tallies, merged after the pass (no sharing while it runs).</summary>
    private sealed class Worker
    {
        public Dictionary<string, int> Rejections { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, double> AnalyzerMilliseconds { get; } = new(StringComparer.Ordinal);

        public double EngineMilliseconds { get; set; }

        public int Analysed { get; set; }

        public long Sink { get; set; }

        public static void Count(Dictionary<string, int> into, string key) => into[key] = into.GetValueOrDefault(key) + 1;
    }
}
