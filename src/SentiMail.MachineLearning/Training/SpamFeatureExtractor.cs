using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.MachineLearning.Features;
using SentiMail.Parsing;
using SentiMail.Rules;
using SentiMail.Scoring;
using SentiMail.Signals;

namespace SentiMail.MachineLearning.Training;

/// <summary>
/// Runs the rule engine (built-in analyzers, offline) on raw messages and captures the spam model's input for each,
/// for training and evaluation. Not thread-safe: use one instance per thread.
/// </summary>
public sealed class SpamFeatureExtractor
{
    private readonly EmailAnalyzer _engine;
    private readonly FeatureCapture _capture;

    /// <summary>Initializes a new instance of the <see cref="SpamFeatureExtractor"/> class.</summary>
    /// <param name="signalIds">The signal id of each model input slot; <see cref="DefaultSignalIds"/> when <see langword="null"/>.</param>
    public SpamFeatureExtractor(IReadOnlyList<string>? signalIds = null)
    {
        SignalIds = signalIds ?? DefaultSignalIds();
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SignalIds.Count; i++)
        {
            slots[SignalIds[i]] = i;
        }

        var options = new SentiMailOptions();
        _capture = new FeatureCapture(slots);
        _engine = new EmailAnalyzer([.. BuiltInAnalyzers.Create(options), _capture], Options.Create(options), RuleSet.FromOptions(options));
    }

    /// <summary>Gets the signal id of each model input slot.</summary>
    public IReadOnlyList<string> SignalIds { get; }

    /// <summary>Returns the ids of the built-in and engine signals, in the engine's order: the slots of a new model.</summary>
    /// <returns>The ids.</returns>
    public static IReadOnlyList<string> DefaultSignalIds() =>
        [.. BuiltInAnalyzers.Create().SelectMany(a => a.Signals).Concat(EngineSignals.All).Select(d => d.Id).Distinct(StringComparer.Ordinal)];

    /// <summary>Analyses one message with the rules and captures its model input.</summary>
    /// <param name="message">The raw message.</param>
    /// <param name="name">The message's name.</param>
    /// <param name="group">The corpus group.</param>
    /// <param name="isSpam">Whether it is spam.</param>
    /// <param name="cancellationToken">A token to cancel.</param>
    /// <returns>The example.</returns>
    public async Task<MessageExample> ExtractAsync(ReadOnlyMemory<byte> message, string name, string group, bool isSpam, CancellationToken cancellationToken = default)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(message.Span));
        try
        {
            var report = await _engine.AnalyzeAsync(message, null, cancellationToken).ConfigureAwait(false);
            var (captured, headers) = _capture.Take();
            var input = captured ?? new SpamModelInput();
            input.Label = isSpam;
            return new MessageExample
            {
                Name = name,
                Group = group,
                Sha256 = sha,
                IsSpam = isSpam,
                Input = input,
                RuleWeights = report.Signals.Sum(s => s.Weight),
                RuleSignals = [.. report.Signals.Select(s => s.Id)],
                HeaderNames = headers,
                RuleVerdict = report.Verdict,
            };
        }
        catch (MessageRejectedException)
        {
            return new MessageExample
            {
                Name = name,
                Group = group,
                Sha256 = sha,
                IsSpam = isSpam,
                Input = new SpamModelInput { Label = isSpam },
                RuleWeights = 0,
                RuleVerdict = Verdict.Clean,
                Rejected = true,
            };
        }
    }

    /// <summary>Captures the model input at the point where the spam model would run.</summary>
    private sealed class FeatureCapture(IReadOnlyDictionary<string, int> slots) : IMessageAnalyzer
    {
        private SpamModelInput? _last;
        private string[] _headers = [];

        public string Name => "model-features";

        public IReadOnlyList<SignalDefinition> Signals => [];

        public (SpamModelInput? Input, string[] Headers) Take()
        {
            var last = (_last, _headers);
            _last = null;
            _headers = [];
            return last;
        }

        public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
        {
            _last = MessageFeatures.Extract(context, signals.ToSignals(), slots);
            _headers = [.. context.Message.Headers.Select(h => h.Field).Distinct(StringComparer.OrdinalIgnoreCase)];
            return ValueTask.CompletedTask;
        }
    }
}
