namespace SentiMail.Context;

/// <summary>An HTML form found in the message body or in an HTML attachment.</summary>
public sealed class HtmlForm
{
    /// <summary>Gets the <c>action</c> attribute, or an empty string.</summary>
    public string Action { get; init; } = string.Empty;

    /// <summary>Gets the <c>method</c> attribute in lowercase (<c>get</c> when absent).</summary>
    public string Method { get; init; } = "get";

    /// <summary>Gets a value indicating whether the form has an <c>input type="password"</c>.</summary>
    public bool HasPasswordField { get; init; }

    /// <summary>Gets the names (or types) of its input fields, at most 20.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>Gets the location used in evidence.</summary>
    public string Location { get; init; } = "body";
}
