using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Analyzers;

/// <summary>
/// Says what of the message's MIME structure went unchecked (<see cref="AnalysisContext.Uninspected"/>): parts past the
/// part or depth limits, more encoded content than the engine decodes, containers that cannot be decoded, and encrypted
/// content. A message that hides its payload past a limit still gets a verdict, with this said.
/// </summary>
public sealed class MimeStructureAnalyzer : IMessageAnalyzer
{
    /// <summary>Part of the message was not inspected: past a limit, or in a container that cannot be decoded.</summary>
    public static readonly SignalDefinition PartlyInspected = new(
        "mime.partly-inspected", SignalCategory.Attachments, 15, "Part of the message was not inspected: it holds more MIME parts or deeper nesting than the engine reads, more encoded content than it decodes, or a container it cannot decode; what lies there went unchecked.");

    /// <summary>The message carries encrypted content.</summary>
    public static readonly SignalDefinition Encrypted = new(
        "mime.encrypted", SignalCategory.Attachments, 0, "The message carries encrypted S/MIME content that cannot be read without the recipient's key, so it went unchecked.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals = [PartlyInspected, Encrypted];

    /// <inheritdoc />
    public string Name => "mime";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var gap in context.Uninspected)
        {
            signals.Add(gap.Reason == UninspectedReason.Encrypted ? Encrypted : PartlyInspected, gap.Detail, gap.Location, gap.Detail);
        }

        return ValueTask.CompletedTask;
    }
}
