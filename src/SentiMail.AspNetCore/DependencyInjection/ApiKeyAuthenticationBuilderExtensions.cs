using Microsoft.AspNetCore.Authentication;
using SentiMail.AspNetCore.ApiKeys;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds API-key authentication schemes.</summary>
public static class ApiKeyAuthenticationBuilderExtensions
{
    /// <summary>Adds API-key authentication under <see cref="ApiKeyDefaults.AuthenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <returns>The authentication builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSingleton&lt;IApiKeyStore, InMemoryApiKeyStore&gt;();
    /// services.AddAuthentication(ApiKeyDefaults.AuthenticationScheme).AddApiKey();
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddApiKey(this AuthenticationBuilder builder) =>
        builder.AddApiKey(ApiKeyDefaults.AuthenticationScheme, displayName: null, configureOptions: null);

    /// <summary>Adds API-key authentication under <paramref name="authenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <returns>The authentication builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static AuthenticationBuilder AddApiKey(this AuthenticationBuilder builder, string authenticationScheme) =>
        builder.AddApiKey(authenticationScheme, displayName: null, configureOptions: null);

    /// <summary>Adds API-key authentication under <see cref="ApiKeyDefaults.AuthenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="configureOptions">Changes to the scheme options.</param>
    /// <returns>The authentication builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static AuthenticationBuilder AddApiKey(this AuthenticationBuilder builder, Action<ApiKeyAuthenticationOptions> configureOptions) =>
        builder.AddApiKey(ApiKeyDefaults.AuthenticationScheme, displayName: null, configureOptions);

    /// <summary>Adds API-key authentication under <paramref name="authenticationScheme"/>.</summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="configureOptions">Changes to the scheme options.</param>
    /// <returns>The authentication builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static AuthenticationBuilder AddApiKey(this AuthenticationBuilder builder, string authenticationScheme,
        Action<ApiKeyAuthenticationOptions> configureOptions) =>
        builder.AddApiKey(authenticationScheme, displayName: null, configureOptions);

    /// <summary>
    /// Adds API-key authentication under <paramref name="authenticationScheme"/>. Also adds the shared key service
    /// (<see cref="ApiKeyServiceCollectionExtensions.AddSentiMailApiKeys"/>); an <see cref="IApiKeyStore"/> must be registered.
    /// Options are validated by <see cref="ApiKeyAuthenticationOptions.Validate(string)"/> when the scheme is first used.
    /// </summary>
    /// <param name="builder">The authentication builder.</param>
    /// <param name="authenticationScheme">The scheme name.</param>
    /// <param name="displayName">The display name, if any.</param>
    /// <param name="configureOptions">Changes to the scheme options, if any.</param>
    /// <returns>The authentication builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="authenticationScheme"/> is <see langword="null"/>.</exception>
    public static AuthenticationBuilder AddApiKey(this AuthenticationBuilder builder, string authenticationScheme, string? displayName,
        Action<ApiKeyAuthenticationOptions>? configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(authenticationScheme);
        builder.Services.AddSentiMailApiKeys();
        return builder.AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(authenticationScheme, displayName, configureOptions);
    }
}
