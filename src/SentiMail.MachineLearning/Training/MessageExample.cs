using SentiMail.MachineLearning.Features;
using SentiMail.Scoring;

namespace SentiMail.MachineLearning.Training;

/// <summary>One labelled message, analysed by the rules: what training and evaluation need to know about it.</summary>
public sealed record MessageExample
{
    /// <summary>Gets the message's name, such as <c>spam-2/00697.2d22….txt</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the corpus group, such as <c>hard-ham-1</c>.</summary>
    public required string Group { get; init; }

    /// <summary>Gets the SHA-256 of the message bytes, lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Gets whether the message is spam.</summary>
    public required bool IsSpam { get; init; }

    /// <summary>Gets the model input built from the message and the rule signals.</summary>
    public required SpamModelInput Input { get; init; }

    /// <summary>Gets the sum of the rule signals' weights (before clamping).</summary>
    public required double RuleWeights { get; init; }

    /// <summary>Gets the ids of the signals the rules raised.</summary>
    public IReadOnlyList<string> RuleSignals { get; init; } = [];

    /// <summary>Gets the names of the message's header fields (once each).</summary>
    public IReadOnlyList<string> HeaderNames { get; init; } = [];

    /// <summary>Gets the engine's verdict with rules only.</summary>
    public required Verdict RuleVerdict { get; init; }

    /// <summary>Gets whether the message was rejected by the parser (no features; counted as ham by the rules).</summary>
    public bool Rejected { get; init; }
}
