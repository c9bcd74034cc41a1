using MimeKit;
using SentiMail.Context;

namespace SentiMail.Parsing;

/// <summary>A parsed message with its MIME entities in document order, including those decoded from containers
/// (attached messages, TNEF, S/MIME, uuencode...), and what was left uninspected.</summary>
internal sealed class ParsedMessage : IDisposable
{
    private readonly IReadOnlyList<IDisposable> _owned;

    public ParsedMessage(MimeMessage message, IReadOnlyList<MimeEntityInfo> entities, long size, IReadOnlyList<UninspectedContent>? uninspected = null, IReadOnlyList<IDisposable>? owned = null)
    {
        Message = message;
        Entities = entities;
        Size = size;
        Uninspected = uninspected ?? [];
        _owned = owned ?? [];
    }

    /// <summary>Gets the message.</summary>
    public MimeMessage Message { get; }

    /// <summary>Gets the entities in document order; what a container holds follows the container.</summary>
    public IReadOnlyList<MimeEntityInfo> Entities { get; }

    /// <summary>Gets the size of the raw message in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets what was not inspected, and why.</summary>
    public IReadOnlyList<UninspectedContent> Uninspected { get; }

    /// <summary>Disposes the message and what was decoded from its containers. MimeKit's messages, entities and
    /// contents have finalizers: disposing them once the report is built lets them die young.</summary>
    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Message.Dispose();
    }
}

/// <summary>A MIME entity and its nesting depth (0 for the message body).</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Depth">Its depth: one more than the multipart, attached message or container that holds it.</param>
/// <param name="Container">The path of the files it was extracted from, ending in a slash (<c>winmail.dat/</c> for a
/// file of a TNEF attachment), or an empty string for a part of the message itself.</param>
/// <param name="Origin">For a part of a message found in an archive, where that message is
/// (<c>attachment:invoice.zip/invoice.eml</c>), which its text and links are reported at; <see langword="null"/> otherwise.</param>
internal readonly record struct MimeEntityInfo(MimeEntity Entity, int Depth, string Container = "", string? Origin = null);
