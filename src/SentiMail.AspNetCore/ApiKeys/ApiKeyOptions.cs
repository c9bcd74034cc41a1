namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// Options of the key service shared by every API-key authentication scheme: hashing, lifetimes and limits.
/// Per-scheme options (accepted headers) are in <see cref="ApiKeyAuthenticationOptions"/>.
/// </summary>
public sealed class ApiKeyOptions
{
    /// <summary>The smallest accepted <see cref="Pepper"/> length, in characters.</summary>
    public const int MinPepperLength = 32;

    /// <summary>Gets or sets a server secret that turns the stored hash into HMAC-SHA-256 keyed with it, so that a
    /// stolen key table cannot be checked offline without it. Keep it out of the database (a vault or an
    /// environment variable). Changing it invalidates every existing key.</summary>
    /// <value>The default is <see langword="null"/>: secrets are hashed with plain SHA-256 (they are 256-bit random,
    /// so a brute force is out of reach either way). When set, at least <see cref="MinPepperLength"/> characters.</value>
    public string? Pepper { get; set; }

    /// <summary>Gets or sets the lifetime of a key created without an expiry.</summary>
    /// <value>The default is 90 days; <see langword="null"/> creates keys that never expire (only allowed when
    /// <see cref="MaxLifetime"/> is <see langword="null"/> too).</value>
    public TimeSpan? DefaultLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets the longest lifetime a caller may ask for.</summary>
    /// <value>The default is 365 days; <see langword="null"/> lifts the limit.</value>
    public TimeSpan? MaxLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets how often <see cref="ApiKeyRecord.LastUsedAt"/> is written at most, per key, to spare the store.</summary>
    /// <value>The default is 1 minute; from zero (every request) to 1 day.</value>
    public TimeSpan LastUsedUpdateInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many active keys one owner may hold.</summary>
    /// <value>The default is 20; from 1 to 10,000.</value>
    public int MaxActiveKeysPerOwner { get; set; } = 20;

    /// <summary>Lists every problem with these options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Pepper is not null && Pepper.Length < MinPepperLength)
        {
            errors.Add($"{nameof(Pepper)} must be null or at least {MinPepperLength} characters long.");
        }

        if (DefaultLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(DefaultLifetime)} must be positive or null.");
        }

        if (MaxLifetime is { } max && max <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(MaxLifetime)} must be positive or null.");
        }

        if (MaxLifetime is { } limit && (DefaultLifetime is null || DefaultLifetime > limit))
        {
            errors.Add($"{nameof(DefaultLifetime)} must be set and not exceed {nameof(MaxLifetime)} ({limit}).");
        }

        if (LastUsedUpdateInterval < TimeSpan.Zero || LastUsedUpdateInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(LastUsedUpdateInterval)} must be between zero and 1 day.");
        }

        if (MaxActiveKeysPerOwner is < 1 or > 10_000)
        {
            errors.Add($"{nameof(MaxActiveKeysPerOwner)} must be between 1 and 10000.");
        }

        return errors;
    }
}
