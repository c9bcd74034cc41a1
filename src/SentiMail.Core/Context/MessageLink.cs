namespace SentiMail.Context;

/// <summary>A URL found in the message with the text shown for it.</summary>
public sealed class MessageLink
{
    /// <summary>Gets the URL as written (entity-decoded, trimmed).</summary>
    public required string Url { get; init; }

    /// <summary>Gets the parsed absolute URL, or <see langword="null"/> when it does not parse.</summary>
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
