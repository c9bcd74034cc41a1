using System.Diagnostics.CodeAnalysis;
using Microsoft.ML.Data;

namespace SentiMail.MachineLearning.Features;

/// <summary>
/// One message as the spam model sees it: text columns (subject, visible body, link hosts, header tokens) and numeric
/// columns (the engine's signals and a few counts). Built by <see cref="MessageFeatures"/>; public so that ML.NET
/// can bind it and applications can train their own model on the same shape.
/// </summary>
public sealed class SpamModelInput
{
    /// <summary>The number of slots in <see cref="Signals"/>: one per signal id known when the model was trained.</summary>
    public const int SignalSlots = 128;

    /// <summary>The number of slots in <see cref="Counts"/>.</summary>
    public const int CountSlots = 16;

    /// <summary>The number of slots in <see cref="Text"/> (a power of two).</summary>
    public const int TextSlots = 1 << 14;

    /// <summary>Gets or sets the subject, as decoded (informative: the model reads <see cref="Text"/>).</summary>
    [NoColumn]
    public string Subject { get; set; } = string.Empty;

    /// <summary>Gets or sets the visible text (HTML turned into what a reader sees), shortened.</summary>
    [NoColumn]
    public string Body { get; set; } = string.Empty;

    /// <summary>Gets or sets the hosts of the links and of the sender, separated by spaces (informative: the model
    /// reads their hashes in <see cref="Text"/>; empty when the model's analyzer built the input).</summary>
    [NoColumn]
    public string Hosts { get; set; } = string.Empty;

    /// <summary>Gets or sets tokens describing the links (host labels, where found, path words), separated by spaces
    /// (informative, like <see cref="Hosts"/>).</summary>
    [NoColumn]
    public string Links { get; set; } = string.Empty;

    /// <summary>Gets or sets tokens describing selected headers (sender, mail client, Message-ID and Date shapes,
    /// recipients, relays) and the MIME structure, separated by spaces (informative, like <see cref="Hosts"/>).</summary>
    [NoColumn]
    public string Headers { get; set; } = string.Empty;

    /// <summary>Gets or sets the weight each rule signal added (divided by 100), one slot per known signal id.</summary>
    [VectorType(SignalSlots)]
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "ML.NET binds vector columns to array properties.")]
    public float[] Signals { get; set; } = new float[SignalSlots];

    /// <summary>Gets or sets numeric facts about the message (rule score, size, counts of links and parts...).</summary>
    [VectorType(CountSlots)]
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "ML.NET binds vector columns to array properties.")]
    public float[] Counts { get; set; } = new float[CountSlots];

    /// <summary>Gets or sets the hashed word, word-pair and character n-grams of the text columns above (see
    /// <see cref="MessageFeatures"/>): what the model reads of the text.</summary>
    [VectorType(TextSlots)]
    public VBuffer<float> Text { get; set; } = new(TextSlots, 0, [], []);

    /// <summary>Gets or sets the message's distinct token hashes, sorted (see <see cref="MessageTokens"/>): what the
    /// model's token statistics read.</summary>
    [NoColumn]
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Read in bulk as a span by the token statistics.")]
    public ulong[] Tokens { get; set; } = [];

    /// <summary>Gets or sets whether the message is spam (training only).</summary>
    public bool Label { get; set; }
}
