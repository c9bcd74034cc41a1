namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>
/// A key just created or rotated, with its plaintext <see cref="Key"/>. This is the only time the plaintext exists:
/// the store keeps a hash. <see cref="ToString"/> leaves the key out so that logging the object does not leak it.
/// </summary>
public sealed record CreatedApiKey : ApiKeyInfo
{
    /// <summary>Gets the full key, <c>sm_&lt;id&gt;_&lt;secret&gt;</c>, to show to the user once.</summary>
    public required string Key { get; init; }

    /// <summary>Describes the key without its secret.</summary>
    /// <returns>The key id and name.</returns>
    public override string ToString() => $"CreatedApiKey {{ Id = {Id}, Name = {Name} }}";
}
