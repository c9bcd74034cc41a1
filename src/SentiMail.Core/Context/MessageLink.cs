namespace SentiMail.Context;

/// <summary>A URL found in the message with the text shown for it.</summary>
public sealed class MessageLink
{
    private readonly string? _target;

    /// <summary>Gets the URL as written (entity-decoded, trimmed).</summary>
    public required string Url { get; init; }

    /// <summary>
    /// Gets the absolute URL the reader's client opens: <see cref="Url"/> read as a browser reads it (tabs and
    /// newlines dropped, backslashes read as slashes, the host percent-decoded, in lowercase ASCII and, when numeric,
    /// as the IPv4 address it stands for) and resolved against the document's <c>&lt;base href&gt;</c>; the same as
    /// <see cref="Url"/> when that is no web address. Evidence shows this one.
    /// </summary>
    public string Target
    {
        get => _target ?? Url;
        init => _target = value;
    }

    /// <summary>Gets the parsed absolute URL (of <see cref="Target"/> for a web address), or <see langword="null"/> when it does not parse.</summary>
    public Uri? Uri { get; init; }

    /// <summary>Gets the scheme in lowercase (<c>https</c>, <c>mailto</c>, <c>javascript</c>...), or an empty string.</summary>
    public string Scheme { get; init; } = string.Empty;

    /// <summary>Gets the host in lowercase ASCII (IDN labels in punycode), or <see langword="null"/>.</summary>
    public string? Host { get; init; }

    /// <summary>Gets the visible anchor text (collapsed whitespace), or an empty string.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>Gets where the link was found.</summary>
    public LinkSource Source { get; init; }

    /// <summary>Gets the location used in evidence, such as <c>body:html</c> or <c>attachment:invoice.html</c>.</summary>
    public string Location { get; init; } = "body";
}
