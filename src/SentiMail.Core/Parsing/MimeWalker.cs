using System.Globalization;
using MimeKit;
using SentiMail.Context;

namespace SentiMail.Parsing;

/// <summary>
/// Walks the MIME tree of a message once, in document order, within <see cref="MessageLimits.MaxParts"/> and
/// <see cref="MessageLimits.MaxMimeDepth"/>. Past a limit the walk stops (parts) or skips the deeper entities (depth)
/// and says so in <see cref="Uninspected"/>: what was read is still analysed, as a mail client would still show it.
/// Containers (see <see cref="ContainerExpander"/>) are opened on the way: what they hold follows them, one level
/// deeper, and counts in both limits.
/// </summary>
internal sealed class MimeWalker
{
    private readonly MessageLimits _limits;
    private readonly List<MimeEntityInfo> _entities = [];
    private readonly List<UninspectedContent> _uninspected = [];
    private readonly List<IDisposable> _owned = [];
    private readonly ContainerExpander _expander;
    private bool _depthNoted;

    public MimeWalker(MessageLimits limits, ParserOptions parserOptions)
    {
        _limits = limits;
        _expander = new ContainerExpander(limits, parserOptions, _uninspected, _owned);
    }

    /// <summary>Gets the entities read, in document order.</summary>
    public IReadOnlyList<MimeEntityInfo> Entities => _entities;

    /// <summary>Gets what was not inspected, and why.</summary>
    public IReadOnlyList<UninspectedContent> Uninspected => _uninspected;

    /// <summary>Gets what the walk decoded and must be disposed with the message.</summary>
    public IReadOnlyList<IDisposable> Owned => _owned;

    public void Walk(MimeMessage message, CancellationToken cancellationToken)
    {
        var stack = new Stack<MimeEntityInfo>();
        if (message.Body is { } body)
        {
            stack.Push(new MimeEntityInfo(body, 0));
        }

        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = stack.Pop();
            if (info.Depth > _limits.MaxMimeDepth)
            {
                NoteDepth();
                continue;
            }

            if (_entities.Count == _limits.MaxParts)
            {
                _uninspected.Add(new UninspectedContent(
                    UninspectedReason.LimitReached,
                    "mime",
                    string.Create(CultureInfo.InvariantCulture, $"The message has more MIME parts than the {_limits.MaxParts:N0} the engine reads; the rest were not inspected.")));
                break;
            }

            _entities.Add(info);
            switch (info.Entity)
            {
                case Multipart multipart:
                    for (var i = multipart.Count - 1; i >= 0; i--)
                    {
                        stack.Push(new MimeEntityInfo(multipart[i], info.Depth + 1, info.Container, info.Origin));
                    }

                    break;
                case MessagePart { Message.Body: { } inner }:
                    stack.Push(new MimeEntityInfo(inner, info.Depth + 1, info.Container, info.Origin));
                    break;
                case MimePart part:
                    var held = _expander.Expand(part, info.Container, _limits.MaxParts - _entities.Count, cancellationToken);
                    for (var i = held.Count - 1; i >= 0; i--)
                    {
                        stack.Push(new MimeEntityInfo(held[i].Entity, info.Depth + 1, held[i].Container, held[i].Origin ?? info.Origin));
                    }

                    break;
            }
        }
    }

    private void NoteDepth()
    {
        if (_depthNoted)
        {
            return;
        }

        _depthNoted = true;
        _uninspected.Add(new UninspectedContent(
            UninspectedReason.LimitReached,
            "mime",
            string.Create(CultureInfo.InvariantCulture, $"MIME parts nest deeper than the {_limits.MaxMimeDepth} levels the engine reads; the deeper ones were not inspected.")));
    }
}
