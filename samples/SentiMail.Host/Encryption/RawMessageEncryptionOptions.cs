namespace SentiMail.Host.Encryption;

/// <summary>The keys that seal raw messages at rest (configuration section <c>Encryption</c>).</summary>
/// <remarks>
/// <para>Keys are 32 random bytes in base64, by id: <c>Encryption:Keys:&lt;id&gt;</c> (from configuration, environment
/// variables such as <c>Encryption__Keys__2026a</c> or a mounted secret) or files <c>&lt;id&gt;.key</c> in
/// <see cref="KeyDirectory"/>. New rows use <see cref="ActiveKeyId"/>; every other known key still decrypts the rows it
/// sealed, so a key is rotated by adding a new one, making it active, and keeping the old one as long as its rows live.</para>
/// <para>With no key at all, one is generated on first run into <see cref="KeyDirectory"/> (mode 0600) and logged.</para>
/// </remarks>
internal sealed class RawMessageEncryptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Encryption";

    /// <summary>Gets the keys from configuration, base64 by id.</summary>
    public Dictionary<string, string> Keys { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the id of the key that seals new raw messages.</summary>
    /// <value>The default is <see langword="null"/>: the only key, or the greatest id among the key files.</value>
    public string? ActiveKeyId { get; set; }

    /// <summary>Gets or sets the folder of key files.</summary>
    /// <value>The default is <see langword="null"/>: <c>keys</c> under the storage data folder.</value>
    public string? KeyDirectory { get; set; }

    /// <summary>Gets or sets whether a key is generated when none is configured.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool GenerateKeyIfMissing { get; set; } = true;
}
