using SentiMail.Context;

namespace SentiMail.Html;

/// <summary>What an HTML document shows and hides, with its links and forms.</summary>
public sealed class HtmlExtraction
{
    /// <summary>An extraction of an empty document.</summary>
    public static readonly HtmlExtraction Empty = new();

    /// <summary>Gets the text a reader sees, with whitespace collapsed and block elements on their own lines.</summary>
    public string VisibleText { get; init; } = string.Empty;

    /// <summary>Gets the text inside elements hidden by CSS or attributes (display:none, visibility:hidden, zero font size...).</summary>
    public string HiddenText { get; init; } = string.Empty;

    /// <summary>Gets the links: anchors, form actions, resources and meta refreshes.</summary>
    public IReadOnlyList<MessageLink> Links { get; init; } = [];

    /// <summary>Gets the forms.</summary>
    public IReadOnlyList<HtmlForm> Forms { get; init; } = [];

    /// <summary>Gets a value indicating whether the document runs script (script elements or on* handlers).</summary>
    public bool HasScript { get; init; }

    /// <summary>Gets a value indicating whether markup lays text out in an overridden direction (<c>&lt;bdo dir="rtl"&gt;</c>,
    /// <c>unicode-bidi: bidi-override</c>), so that what the reader sees is the written text reversed.</summary>
    public bool HasBidiOverride { get; init; }

    /// <summary>Gets the number of distinct anchors and form actions left out of <see cref="Links"/> because the
    /// document holds more than <see cref="HtmlTextExtractor.MaxAnchorLinks"/> of them (0 when none was).</summary>
    public int OmittedLinks { get; init; }

    /// <summary>Gets the number of distinct resources (images, frames, objects, meta refreshes) left out of
    /// <see cref="Links"/> because the document holds more than <see cref="HtmlTextExtractor.MaxResourceLinks"/> of them.</summary>
    public int OmittedResources { get; init; }
}
