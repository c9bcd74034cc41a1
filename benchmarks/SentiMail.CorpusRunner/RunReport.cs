namespace SentiMail.CorpusRunner;

/// <summary>Everything a run measured; printed as tables and, with <c>--json</c>, written as JSON.</summary>
internal sealed record RunReport
{
    public required MachineInfo Machine { get; init; }

    public required CorpusInfo Corpus { get; init; }

    public required int Parallelism { get; init; }

    public required int Repeat { get; init; }

    public required int Warmup { get; init; }

    public required int WarmupSeconds { get; init; }

    public ModeReport? ParseOnly { get; init; }

    public ModeReport? ParseDecode { get; init; }

    public ModeReport? Full { get; init; }

    /// <summary>Gets the full analysis' mean pass time over MimeKit's standard parse-and-decode time (with <c>--compare</c>).</summary>
    public double? FullToParseDecodeRatio { get; init; }

    /// <summary>Gets the full analysis' mean pass time over the parse-only mean pass time (with <c>--compare</c>).</summary>
    public double? FullToParseRatio { get; init; }

    public IReadOnlyList<GroupVerdicts> Verdicts { get; init; } = [];

    public IReadOnlyList<GroupSignals> TopSignals { get; init; } = [];
}

internal sealed record MachineInfo(
    int ProcessorCount, string Cpu, double MemoryGiB, string Os, string Runtime, bool ServerGc, bool ConcurrentGc, string EngineVersion);

internal sealed record CorpusInfo(string Directory, int Messages, long Bytes, double LoadSeconds, IReadOnlyList<GroupInfo> Groups);

internal sealed record GroupInfo(string Name, GroupKind Kind, int Messages, long Bytes);

internal sealed record ModeReport
{
    public required string Mode { get; init; }

    public int WarmupPasses { get; init; }

    public double WarmupSeconds { get; init; }

    public required IReadOnlyList<PassFigures> Passes { get; init; }

    public required double MeanWallSeconds { get; init; }

    public required double MessagesPerSecond { get; init; }

    public required double MegabytesPerSecond { get; init; }

    public required LatencyFigures Latency { get; init; }

    public required double AllocatedKilobytesPerMessage { get; init; }

    /// <summary>Gets this process' CPU time per message (all threads), less sensitive to competing processes than wall time.</summary>
    public required double CpuMicrosecondsPerMessage { get; init; }

    /// <summary>Gets the share of the machine's cores that other processes used during the timed passes (Linux only).</summary>
    public double? OtherProcessesCpuShare { get; init; }

    /// <summary>Gets the share of the wall time during which the GC paused the process.</summary>
    public required double GcPauseShare { get; init; }

    public required IReadOnlyDictionary<string, int> Rejections { get; init; }

    public required IReadOnlyDictionary<string, int> Errors { get; init; }

    public required MemoryFigures Memory { get; init; }

    /// <summary>Gets the engine's own per-message breakdown (full mode): each analyzer from report.Timings, and the rest
    /// of the engine's time (parse, context derivation, scoring, report).</summary>
    public IReadOnlyList<StepFigures> Steps { get; init; } = [];
}

internal sealed record PassFigures(
    double WallSeconds,
    double MessagesPerSecond,
    double MegabytesPerSecond,
    double AllocatedMegabytes,
    int Gen0,
    int Gen1,
    int Gen2,
    double GcPauseSeconds,
    double CpuMicrosecondsPerMessage,
    double? OtherProcessesCpuShare);

/// <summary>Per-message latency over every timed pass, in milliseconds.</summary>
internal sealed record LatencyFigures(double Mean, double P50, double P90, double P99, double Max);

/// <summary>Memory figures in megabytes (MiB). The working set includes the corpus held in memory.</summary>
internal sealed record MemoryFigures(
    double PeakWorkingSet, double SampledPeakWorkingSet, double SampledPeakManagedHeap, double ManagedHeapAfter, double GcHeapSize, double GcCommitted, double CorpusInMemory);

/// <summary>One step of the engine, from its reports: mean microseconds per analysed message and share of the engine's time.</summary>
internal sealed record StepFigures(string Step, double MeanMicroseconds, double Share);

internal sealed record GroupVerdicts(
    string Group, GroupKind Kind, int Messages, int Clean, int Suspicious, int Malicious, int Rejected, int Errors, double MeanScore,
    double NonCleanRate, double MaliciousRate);

internal sealed record GroupSignals(string Group, GroupKind Kind, int Messages, IReadOnlyList<SignalCount> Signals);

/// <summary>How many messages of a group raised a signal, and its mean weight there.</summary>
internal sealed record SignalCount(string Id, int Messages, double Share, double MeanWeight);
