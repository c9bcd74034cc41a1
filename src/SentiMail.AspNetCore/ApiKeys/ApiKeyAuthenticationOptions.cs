using Microsoft.AspNetCore.Authentication;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Options of one API-key authentication scheme (see <see cref="ApiKeyAuthenticationHandler"/>).</summary>
/// <remarks>The clock is <see cref="AuthenticationSchemeOptions.TimeProvider"/>, filled from the container's
/// <see cref="TimeProvider"/> when not set. Hashing, lifetimes and limits are shared by every scheme: see <see cref="ApiKeyOptions"/>.</remarks>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The smallest accepted <see cref="MaxHeaderLength"/>.</summary>
    public const int MinMaxHeaderLength = 128;

    /// <summary>The largest accepted <see cref="MaxHeaderLength"/>.</summary>
    public const int MaxMaxHeaderLength = 8192;

    /// <summary>Gets or sets the name of the dedicated key header; <see langword="null"/> turns that header off.</summary>
    /// <value>The default is <c>X-Api-Key</c> (<see cref="ApiKeyDefaults.HeaderName"/>).</value>
    public string? HeaderName { get; set; } = ApiKeyDefaults.HeaderName;

    /// <summary>Gets or sets a value indicating whether <c>Authorization: Token &lt;key&gt;</c>, the original system's
    /// form, is accepted besides <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool AcceptTokenScheme { get; set; } = true;

    /// <summary>Gets or sets the longest credential value read; longer values fail without being parsed.</summary>
    /// <value>The default is 512 characters; from <see cref="MinMaxHeaderLength"/> to <see cref="MaxMaxHeaderLength"/>.</value>
    public int MaxHeaderLength { get; set; } = 512;

    /// <summary>Checks the options; called by the authentication system for each scheme.</summary>
    /// <param name="scheme">The scheme name.</param>
    /// <exception cref="InvalidOperationException">The options are invalid; the message lists every problem.</exception>
    public override void Validate(string scheme)
    {
        base.Validate(scheme);
        var errors = new List<string>();
        if (HeaderName is not null && (HeaderName.Length == 0 || !HeaderName.All(IsTokenChar)))
        {
            errors.Add($"{nameof(HeaderName)} must be null or a valid HTTP header name.");
        }

        if (MaxHeaderLength is < MinMaxHeaderLength or > MaxMaxHeaderLength)
        {
            errors.Add($"{nameof(MaxHeaderLength)} must be between {MinMaxHeaderLength} and {MaxMaxHeaderLength}.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Invalid API-key options for scheme '{scheme}': {string.Join(" ", errors)}");
        }
    }

    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
