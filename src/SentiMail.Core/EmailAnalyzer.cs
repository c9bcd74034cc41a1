using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Pipelines;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.Diagnostics;
using SentiMail.Internal;
using SentiMail.Parsing;
using SentiMail.Reporting;
using SentiMail.Rules;
using SentiMail.Scoring;
using SentiMail.Signals;

namespace SentiMail;

/// <summary>
/// The SentiMail engine: parses a message with limits, derives its <see cref="AnalysisContext"/> once, runs every
/// registered <see cref="IMessageAnalyzer"/> on it and scores the signals into an <see cref="AnalysisReport"/>.
/// </summary>
/// <example>
/// Without dependency injection:
/// <code>
/// var analyzer = EmailAnalyzer.CreateDefault();
/// var report = await analyzer.AnalyzeFileAsync("message.eml");
/// Console.WriteLine($"{report.Verdict} ({report.Score})");
/// </code>
/// </example>
public sealed partial class EmailAnalyzer : IEmailAnalyzer
{
    private static readonly string s_engineVersion =
        typeof(EmailAnalyzer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly IMessageAnalyzer[] _analyzers;
    private readonly (string Name, string Version, HashSet<string> SignalIds)[] _models;
    private readonly SentiMailOptions _options;
    private readonly MessageParser _parser;
    private readonly AnalysisContextBuilder _contextBuilder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SentiMailMetrics _metrics;

    /// <summary>Initializes a new instance of the <see cref="EmailAnalyzer"/> class.</summary>
    /// <param name="analyzers">The analyzers to run, in order.</param>
    /// <param name="options">The engine options.</param>
    /// <param name="rules">The rules in force (brands, lures...).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger, if any.</param>
    /// <param name="meterFactory">Creates the <c>SentiMail</c> meter; a process-wide meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="OptionsValidationException">The options are invalid; the message lists every problem.</exception>
    public EmailAnalyzer(
        IEnumerable<IMessageAnalyzer> analyzers,
        IOptions<SentiMailOptions> options,
        RuleSet rules,
        TimeProvider? timeProvider = null,
        ILogger<EmailAnalyzer>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rules);
        _options = options.Value;
        var errors = _options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SentiMailOptions), errors);
        }

        _analyzers = [.. analyzers];
        _models = [.. _analyzers.OfType<ILearnedModelAnalyzer>().Select(m => (m.Name, m.ModelVersion, m.Signals.Select(d => d.Id).ToHashSet(StringComparer.Ordinal)))];
        Rules = rules;
        _parser = new MessageParser(_options.Limits);
        _contextBuilder = new AnalysisContextBuilder(_options, rules);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _metrics = meterFactory is null ? SentiMailMetrics.Shared : new SentiMailMetrics(meterFactory);
    }

    /// <summary>Gets the analyzers this engine runs.</summary>
    public IReadOnlyList<IMessageAnalyzer> Analyzers => _analyzers;

    /// <summary>Gets the rules in force.</summary>
    public RuleSet Rules { get; }

    /// <summary>Gets the engine version written into reports.</summary>
    public static string EngineVersion => s_engineVersion;

    /// <summary>Creates an engine with the built-in analyzers and rules, without dependency injection.</summary>
    /// <param name="configure">Changes to the default options, if any.</param>
    /// <returns>The engine.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static EmailAnalyzer CreateDefault(Action<SentiMailOptions>? configure = null)
    {
        var options = new SentiMailOptions();
        configure?.Invoke(options);
        var rules = RuleSet.FromOptions(options);
        return new EmailAnalyzer(BuiltInAnalyzers.Create(options), Options.Create(options), rules);
    }

    /// <inheritdoc />
    public Task<AnalysisReport> AnalyzeAsync(Stream message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return LoadAndAnalyzeAsync(message, static (m, max, ct) => MessageLoader.LoadAsync(m, max, ct), envelope, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AnalysisReport> AnalyzeAsync(ReadOnlyMemory<byte> message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default) =>
        LoadAndAnalyzeAsync(message, static (m, max, _) => ValueTask.FromResult(MessageLoader.Copy(m.Span, max)), envelope, cancellationToken);

    /// <inheritdoc />
    public Task<AnalysisReport> AnalyzeAsync(PipeReader message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return LoadAndAnalyzeAsync(message, static (m, max, ct) => MessageLoader.LoadAsync(m, max, ct), envelope, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AnalysisReport> AnalyzeFileAsync(string path, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadAndAnalyzeAsync(path, static (p, max, ct) => MessageLoader.LoadFileAsync(p, max, ct), envelope, cancellationToken);
    }

    /// <summary>Loads the message within the size limit, analyses it, and counts a rejection (load or parse) in the metrics.</summary>
    private async Task<AnalysisReport> LoadAndAnalyzeAsync<TSource>(
        TSource source, Func<TSource, long, CancellationToken, ValueTask<PooledBuffer>> load, MessageEnvelope? envelope, CancellationToken cancellationToken)
    {
        var start = _time.GetTimestamp();
        try
        {
            using var buffer = await load(source, _options.Limits.MaxMessageBytes, cancellationToken).ConfigureAwait(false);
            return await AnalyzeBufferAsync(buffer, envelope, start, cancellationToken).ConfigureAwait(false);
        }
        catch (MessageRejectedException ex)
        {
            _metrics.MessageRejected(ex.ReasonCode);
            throw;
        }
    }

    private async Task<AnalysisReport> AnalyzeBufferAsync(PooledBuffer buffer, MessageEnvelope? envelope, long start, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        ParsedMessage parsed;
        try
        {
            parsed = _parser.Parse(buffer.Array, buffer.Length, cancellationToken);
        }
        catch (MessageRejectedException ex)
        {
            LogRejected(_logger, ex.ReasonCode, ex.Message);
            throw;
        }

        // MimeKit's messages, entities and contents have finalizers: disposing the message (and what was decoded from
        // its containers) once the report is built lets them die young instead of surviving a collection each and
        // promoting the whole parse tree.
        using (parsed)
        {
            return await AnalyzeParsedAsync(parsed, envelope, start, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<AnalysisReport> AnalyzeParsedAsync(ParsedMessage parsed, MessageEnvelope? envelope, long start, DateTimeOffset now, CancellationToken cancellationToken)
    {
        AnalysisContext context;
        try
        {
            context = _contextBuilder.Build(parsed, envelope, now, cancellationToken);
        }
        catch (MessageRejectedException ex)
        {
            LogRejected(_logger, ex.ReasonCode, ex.Message);
            throw;
        }

        var signals = new SignalCollector();
        var timings = new AnalyzerTiming[_analyzers.Length];
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var i = 0; i < _analyzers.Length; i++)
            {
                if (budget.IsCancellationRequested)
                {
                    // The previous analyzer spent its budget: give the next one a fresh token.
                    budget.Dispose();
                    budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                }

                budget.CancelAfter(_options.AnalyzerTimeout);
                timings[i] = await RunAnalyzerAsync(_analyzers[i], context, signals, budget.Token, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            budget.Dispose();
        }

        var (score, verdict, scored) = Scorer.Score(_options.Scoring, signals.ToSignals());
        var elapsed = _time.GetElapsedTime(start);
        _metrics.AnalysisCompleted(verdict, score, elapsed);
        return new AnalysisReport
        {
            Message = Summarize(context),
            Score = score,
            Verdict = verdict,
            Signals = scored,
            Timings = timings,
            DurationMilliseconds = Math.Round(elapsed.TotalMilliseconds, 3),
            AnalyzedAt = now,
            EngineVersion = s_engineVersion,
            ModelVersions = ModelVersions(scored),
        };
    }

    /// <summary>Names the learned models whose signals are in the report.</summary>
    private Dictionary<string, string>? ModelVersions(IReadOnlyList<Signal> scored)
    {
        Dictionary<string, string>? versions = null;
        foreach (var (name, version, ids) in _models)
        {
            if (scored.Any(s => ids.Contains(s.Id)))
            {
                versions ??= new Dictionary<string, string>(StringComparer.Ordinal);
                versions[name] = version;
            }
        }

        return versions;
    }

    private async ValueTask<AnalyzerTiming> RunAnalyzerAsync(
        IMessageAnalyzer analyzer, AnalysisContext context, SignalCollector signals, CancellationToken budget, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var outcome = AnalyzerOutcome.Completed;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await analyzer.AnalyzeAsync(context, signals, budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            outcome = AnalyzerOutcome.TimedOut;
            signals.Add(EngineSignals.AnalyzerTimeout, $"The {analyzer.Name} analyzer ran out of its {_options.AnalyzerTimeout.TotalSeconds:0.###} s budget.", "analyzer", analyzer.Name);
            LogTimeout(_logger, analyzer.Name);
        }
#pragma warning disable CA1031 // A failing analyzer must not fail the report: it becomes a signal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = AnalyzerOutcome.Failed;
            signals.Add(EngineSignals.AnalyzerError, $"The {analyzer.Name} analyzer failed: {ex.GetType().Name}.", "analyzer", analyzer.Name);
            LogAnalyzerFailed(_logger, ex, analyzer.Name);
        }

        return new AnalyzerTiming(analyzer.Name, Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 3), outcome);
    }

    private static MessageSummary Summarize(AnalysisContext context)
    {
        var message = context.Message;
        return new MessageSummary
        {
            From = Header(message, HeaderId.From, message.From),
            To = Header(message, HeaderId.To, message.To),
            Subject = Text.TextSanitizer.ForDisplay(message.Subject, 998),
            Date = message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null,
            MessageId = Text.TextSanitizer.ForDisplay(message.MessageId, 998),
            Size = context.Size,
            AttachmentCount = context.Attachments.Count(a => !a.IsInline || a.FileName.Length > 0),
            LinkCount = context.Links.Count,
        };
    }

    private static string? Header(MimeMessage message, HeaderId id, InternetAddressList list)
    {
        if (!message.Headers.Contains(id))
        {
            return null;
        }

        return Text.TextSanitizer.ForDisplay(list.Count > 0 ? list.ToString() : message.Headers[id], 998);
    }

    [LoggerMessage(EventId = 1, EventName = "MessageRejected", Level = LogLevel.Information, Message = "Message rejected ({Reason}): {Detail}")]
    private static partial void LogRejected(ILogger logger, string reason, string detail);

    [LoggerMessage(EventId = 2, EventName = "AnalyzerFailed", Level = LogLevel.Warning, Message = "Analyzer {Analyzer} failed")]
    private static partial void LogAnalyzerFailed(ILogger logger, Exception exception, string analyzer);

    [LoggerMessage(EventId = 3, EventName = "AnalyzerTimedOut", Level = LogLevel.Warning, Message = "Analyzer {Analyzer} ran out of time")]
    private static partial void LogTimeout(ILogger logger, string analyzer);
}
