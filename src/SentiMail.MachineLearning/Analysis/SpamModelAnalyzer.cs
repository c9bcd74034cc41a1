using System.Globalization;
using System.Text;
using SentiMail.Analyzers;
using SentiMail.Context;
using SentiMail.MachineLearning.Features;
using SentiMail.MachineLearning.Model;
using SentiMail.Scoring;
using SentiMail.Signals;

namespace SentiMail.MachineLearning.Analysis;

/// <summary>
/// Runs the spam model after the rule analyzers and raises <c>model.spam</c> with the calibrated probability. The
/// signal's weight is bounded (<see cref="ModelInfluence"/>): it never removes points when strong rule evidence is present.
/// </summary>
/// <remarks>Register it with <c>services.AddSentiMail().AddMachineLearning()</c>, which runs it after the built-in analyzers.</remarks>
public sealed class SpamModelAnalyzer : ILearnedModelAnalyzer
{
    private const int MaxCluesShown = 6;

    private readonly SpamModel _model;
    private readonly SpamModelOptions _options;
    private readonly ScoringPolicy _scoring;
    private readonly Func<SpamModelInput, float> _predict;

    /// <summary>Initializes a new instance of the <see cref="SpamModelAnalyzer"/> class for the default scoring policy.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="options">The influence bounds.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid bound (see
    /// <see cref="SpamModelOptions.Validate()"/>).</exception>
    public SpamModelAnalyzer(SpamModel model, SpamModelOptions options)
        : this(model, options, new ScoringPolicy())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpamModelAnalyzer"/> class.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="options">The influence bounds.</param>
    /// <param name="scoring">The engine's scoring policy (<see cref="SentiMailOptions.Scoring"/>): on current mail the
    /// model reads the rules' score and the Suspicious threshold from it, so as never to make a message the rules leave
    /// Clean Suspicious.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds an invalid bound (see
    /// <see cref="SpamModelOptions.Validate(ScoringPolicy)"/>).</exception>
    public SpamModelAnalyzer(SpamModel model, SpamModelOptions options, ScoringPolicy scoring)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(scoring);
        if (options.Validate(scoring) is { Count: > 0 } problems)
        {
            // The same checks AddMachineLearning runs at start-up, for an analyzer built by hand.
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _model = model;
        _options = options;
        _scoring = scoring;
        _predict = model.PredictProbability;
    }

    /// <summary>Initializes a new instance with a stand-in for the model's probability (tests of the influence bounds).</summary>
    internal SpamModelAnalyzer(SpamModel model, SpamModelOptions options, Func<SpamModelInput, float> predict, ScoringPolicy? scoring = null)
        : this(model, options, scoring ?? new ScoringPolicy())
    {
        _predict = predict;
    }

    /// <inheritdoc />
    public string Name => "model";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => ModelSignals.All;

    /// <summary>Gets the model's version: its trainer, training date and the start of its checksum, such as
    /// <c>LightGbm 2026-11-24 sha256:0123456789ab</c> (the checksum is left out for a model file without one).</summary>
    public string ModelVersion => _model.Metadata.PipelineSha256 is { Length: >= 12 } sha
        ? string.Create(CultureInfo.InvariantCulture, $"{_model.Metadata.Trainer} {_model.Metadata.TrainedAt:yyyy-MM-dd} sha256:{sha[..12]}")
        : string.Create(CultureInfo.InvariantCulture, $"{_model.Metadata.Trainer} {_model.Metadata.TrainedAt:yyyy-MM-dd}");

    /// <summary>Gets the model this analyzer runs.</summary>
    public SpamModel Model => _model;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        cancellationToken.ThrowIfCancellationRequested();

        var raised = signals.ToSignals();
        var input = MessageFeatures.ExtractForScoring(context, raised, _model.SignalSlots);
        var probability = _predict(input);
        string? strong = null;
        foreach (var signal in raised)
        {
            if (_options.StrongEvidenceSignals.Contains(signal.Id))
            {
                strong = signal.Id;
                break;
            }
        }

        var english = !_options.AbstainOnOtherLanguages || TrainingLanguage.IsEnglishOrUnknown(input.Subject, input.Body);
        var modern = IsModernMail(context);
        // The rules' points as the policy counts them: current mail's bound reads them.
        var ruleWeights = modern is not null ? RuleWeights(raised) : 0.0;
        var threshold = _scoring.SuspiciousThreshold;
        var weight = english ? ModelInfluence.Weight(probability, strong is not null, _options, _model.OperatingPoint, modern is not null, ruleWeights, threshold) : 0;

        // What it would weigh without the current-mail bound: when more, that bound decided the weight.
        var capped = english && modern is not null
            && ModelInfluence.Weight(probability, strong is not null, _options, _model.OperatingPoint) > weight;
        var percent = (probability * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var description = weight switch
        {
            _ when !english => $"The learned spam model rates this message {percent} % likely to be spam, but it learned from English mail and this message reads as another language, so it does not count.",
            > 0 => $"The learned spam model rates this message {percent} % likely to be spam.",
            < 0 => $"The learned spam model rates this message only {percent} % likely to be spam, which lowers the score.",
            _ when strong is not null && probability < 0.5 => $"The learned spam model rates this message {percent} % likely to be spam, but it may not lower the score while strong rule evidence ({strong}) stands.",
            _ when capped => $"The learned spam model rates this message {percent} % likely to be spam, but it may add nothing to this message (see the cap in its evidence).",
            _ when probability > 0.5 && _options.MaxRaise == 0 => $"The learned spam model rates this message {percent} % likely to be spam, but it is set to add no points (MaxRaise is 0).",
            _ when probability < 0.5 && _options.MaxLower == 0 => $"The learned spam model rates this message only {percent} % likely to be spam, but it is set to take no points off (MaxLower is 0).",
            _ => $"The learned spam model is undecided about this message ({percent} % likely to be spam).",
        };
        var evidence = new List<SignalEvidence>(9)
        {
            new("model", "probability " + probability.ToString("0.0000", CultureInfo.InvariantCulture)),
            new("model", $"{_model.Metadata.Trainer} trained {_model.Metadata.TrainedAt:yyyy-MM-dd} ({_model.Source})"),
            new("model", "operating point " + (_options.OperatingPoint ?? _model.OperatingPoint).ToString("0.0000", CultureInfo.InvariantCulture)),
        };
        if (strong is not null)
        {
            evidence.Add(new SignalEvidence("model", "strong rule evidence: " + strong));
        }

        if (!english)
        {
            evidence.Add(new SignalEvidence("model", ModelSignals.AbstainsNotEnglish));
        }
        else if (capped && ModelInfluence.ModernMailCap(_options, ruleWeights, threshold) is var cap)
        {
            var why = cap < _options.ModernMailMaxRaise
                ? $"header {modern} is newer than the training mail, and on such mail the model does not make a message the rules leave Clean Suspicious"
                : $"header {modern} is newer than the training mail";
            evidence.Add(new SignalEvidence("model", $"capped at {weight.ToString(CultureInfo.InvariantCulture)}: {why}"));
        }

        // Why, in the message's own words (a second pass over its tokens): when the model adds points, and when it takes
        // points off a message the rules alone would mark.
        if (english && (weight > 0 || (weight < 0 && (modern is not null ? ruleWeights : RuleWeights(raised)) >= threshold)))
        {
            AddClues(context, input, evidence);
            AddClassifierReasons(input, evidence);
        }

        signals.Add(ModelSignals.Spam, description, evidence, weight);
        return ValueTask.CompletedTask;
    }

    /// <summary>Names the message's most telling tokens for the token statistics, half of what the model weighs: the
    /// strongest first, those seen mostly in spam apart from those seen mostly in ham (which held the probability
    /// down).</summary>
    private void AddClues(AnalysisContext context, SpamModelInput input, List<SignalEvidence> evidence)
    {
        Span<ulong> hashes = stackalloc ulong[TokenBayes.Clues];
        Span<double> clues = stackalloc double[TokenBayes.Clues];
        var count = _model.StrongestClues(input.Tokens, hashes, clues);
        if (count == 0)
        {
            return;
        }

        var found = MessageTokens.Describe(context, hashes[..count]);
        var ranked = new List<(string Text, double Clue)>(count);
        for (var i = 0; i < count; i++)
        {
            if (found.TryGetValue(hashes[i], out var text))
            {
                ranked.Add((text, clues[i]));
            }
        }

        ranked.Sort((a, b) => Math.Abs(b.Clue).CompareTo(Math.Abs(a.Clue)));
        AddClueList(evidence, ModelSignals.SpamCluesPrefix, ranked.Where(r => r.Clue > 0));
        AddClueList(evidence, ModelSignals.HamCluesPrefix, ranked.Where(r => r.Clue < 0));
    }

    /// <summary>Names the rule signals and counts that moved the classifier's trees, the other half of what the model
    /// weighs; the hashed words are left to the token clues, which can quote them.</summary>
    private void AddClassifierReasons(SpamModelInput input, List<SignalEvidence> evidence)
    {
        if (_model.Metadata.Blend.ClassifierWeight == 0)
        {
            // The blend gives the classifier no say: what moved it did not move the probability.
            return;
        }

        var named = new List<(string Name, double Change)>();
        foreach (var (feature, change) in _model.AttributeClassifier(input))
        {
            if (MessageFeatures.NameInput(feature, _model.Metadata.SignalIds) is { } name)
            {
                named.Add((name, change));
            }
        }

        named.Sort((a, b) => Math.Abs(b.Change).CompareTo(Math.Abs(a.Change)) is var c and not 0 ? c : string.CompareOrdinal(a.Name, b.Name));
        AddClueList(evidence, ModelSignals.ClassifierSpamPrefix, named.Where(r => r.Change > 0));
        AddClueList(evidence, ModelSignals.ClassifierHamPrefix, named.Where(r => r.Change < 0));
    }

    /// <summary>Adds one evidence line of up to <see cref="MaxCluesShown"/> clues, as many whole ones as fit in an
    /// evidence value (<see cref="SignalCollector.MaxEvidenceLength"/>), so that none is cut in the middle.</summary>
    private static void AddClueList(List<SignalEvidence> evidence, string prefix, IEnumerable<(string Text, double Clue)> clues)
    {
        var line = new StringBuilder(prefix, SignalCollector.MaxEvidenceLength);
        var shown = 0;
        foreach (var (text, _) in clues)
        {
            var separator = shown == 0 ? string.Empty : ", ";
            if (shown == MaxCluesShown || line.Length + separator.Length + text.Length > SignalCollector.MaxEvidenceLength)
            {
                break;
            }

            line.Append(separator).Append(text);
            shown++;
        }

        if (shown > 0)
        {
            evidence.Add(new SignalEvidence("model", line.ToString()));
        }
    }

    // The rules' points as the scoring policy counts them (overrides and disabled signals applied).
    private double RuleWeights(IReadOnlyList<Signal> raised)
    {
        var sum = 0.0;
        foreach (var signal in raised)
        {
            sum += _scoring.Apply(signal)?.Weight ?? 0;
        }

        return sum;
    }

    private string? IsModernMail(AnalysisContext context)
    {
        if (!_options.BoundModernMail)
        {
            return null;
        }

        foreach (var header in context.Message.Headers)
        {
            if (_options.ModernMailHeaders.Contains(header.Field))
            {
                return header.Field;
            }
        }

        return null;
    }
}
