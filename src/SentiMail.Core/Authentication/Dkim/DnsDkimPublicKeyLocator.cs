using System.Collections.Concurrent;
using MimeKit.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using SentiMail.Dns;

namespace SentiMail.Authentication.Dkim;

/// <summary>Fetches DKIM public keys (<c>selector._domainkey.domain</c> TXT) through an <see cref="IDnsResolver"/>, for
/// MimeKit's DKIM and ARC verifiers, and records why a key could not be used.</summary>
internal sealed class DnsDkimPublicKeyLocator(IDnsResolver resolver, DkimKeyCache? keys = null) : DkimPublicKeyLocatorBase
{
    private readonly ConcurrentDictionary<string, KeyLookup> _lookups = new(StringComparer.OrdinalIgnoreCase);

    public KeyLookup? GetLookup(string domain, string selector) => _lookups.GetValueOrDefault(selector + "._domainkey." + domain);

    public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("SentiMail verifies DKIM asynchronously only.");

    public override async Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default)
    {
        var name = selector + "._domainkey." + domain;
        if (_lookups.TryGetValue(name, out var known))
        {
            return known.Key ?? throw new DkimKeyException(known);
        }

        var lookup = await FetchAsync(name, cancellationToken).ConfigureAwait(false);
        _lookups[name] = lookup;
        return lookup.Key ?? throw new DkimKeyException(lookup);
    }

    private async Task<KeyLookup> FetchAsync(string name, CancellationToken cancellationToken)
    {
        var answer = await resolver.QueryTxtAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.IsTemporaryError)
        {
            return new KeyLookup(null, DkimFailureReason.DnsError, $"the key lookup of {name} failed ({answer.Status})", null);
        }

        var records = answer.Records.Where(r => r.Contains("p=", StringComparison.Ordinal)).ToList();
        if (answer.IsEmpty || records.Count == 0)
        {
            return new KeyLookup(null, DkimFailureReason.KeyNotFound, $"no key is published at {name}", null);
        }

        var record = records[0];
        if (IsRevoked(record))
        {
            return new KeyLookup(null, DkimFailureReason.KeyRevoked, $"the key at {name} is revoked (empty p=)", null);
        }

        return keys is null ? Parse(name, record) : keys.GetOrAdd(name, record, Parse);
    }

    private static KeyLookup Parse(string name, string record)
    {
        try
        {
            var key = ParsePublicKey(record);
            var bits = key switch
            {
                RsaKeyParameters rsa => rsa.Modulus.BitLength,
                Ed25519PublicKeyParameters => 256,
                _ => (int?)null,
            };
            return bits is < 1024 && key is RsaKeyParameters
                ? new KeyLookup(key, DkimFailureReason.KeyTooShort, $"the RSA key at {name} has only {bits} bits", bits)
                : new KeyLookup(key, DkimFailureReason.None, string.Empty, bits);
        }
        catch (Exception ex) when (IsParseError(ex))
        {
            return new KeyLookup(null, DkimFailureReason.KeyInvalid, $"the key record at {name} cannot be parsed", null);
        }
    }

    private static bool IsParseError(Exception ex) =>
        ex is MimeKit.ParseException or FormatException or ArgumentException or InvalidCastException or IOException;

    /// <summary>Parses the key with MimeKit, which reads RSA keys as SubjectPublicKeyInfo only; falls back to a bare PKCS#1
    /// RSAPublicKey, the form RFC 6376 §3.6.1 names for <c>k=rsa</c> and that some signers publish.</summary>
    private static AsymmetricKeyParameter ParsePublicKey(string record)
    {
        try
        {
            return GetPublicKey(record);
        }
        catch (Exception ex) when (IsParseError(ex) && ParsePkcs1RsaKey(record) is { } pkcs1)
        {
            return pkcs1;
        }
    }

    private static RsaKeyParameters? ParsePkcs1RsaKey(string record)
    {
        string? p = null;
        var k = "rsa";
        foreach (var tag in record.Split(';'))
        {
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }

            var name = tag[..eq].Trim();
            if (name == "p")
            {
                p = string.Concat(tag[(eq + 1)..].Where(c => !char.IsWhiteSpace(c)));
            }
            else if (name == "k")
            {
                k = tag[(eq + 1)..].Trim();
            }
        }

        if (string.IsNullOrEmpty(p) || k != "rsa")
        {
            return null;
        }

        try
        {
            var structure = RsaPublicKeyStructure.GetInstance(Asn1Object.FromByteArray(Convert.FromBase64String(p)));
            return new RsaKeyParameters(false, structure.Modulus, structure.PublicExponent);
        }
        catch (Exception ex) when (IsParseError(ex))
        {
            return null;
        }
    }

    private static bool IsRevoked(string record)
    {
        foreach (var tag in record.Split(';'))
        {
            var t = tag.Trim();
            if (t.StartsWith("p=", StringComparison.Ordinal) && t.Length == 2)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a key lookup found.</summary>
internal sealed record KeyLookup(AsymmetricKeyParameter? Key, DkimFailureReason Problem, string Detail, int? Bits);

/// <summary>Thrown to MimeKit's verifier when a key cannot be used; carries the lookup. It never leaves the assembly:
/// <see cref="DkimVerification"/> catches it and turns it into a result.</summary>
#pragma warning disable CA1064, S3871 // Internal on purpose: a private channel between the locator and the verification.
internal sealed class DkimKeyException : Exception
#pragma warning restore CA1064, S3871
{
    public DkimKeyException()
    {
        Lookup = new KeyLookup(null, DkimFailureReason.KeyNotFound, string.Empty, null);
    }

    public DkimKeyException(string message)
        : base(message)
    {
        Lookup = new KeyLookup(null, DkimFailureReason.KeyNotFound, message, null);
    }

    public DkimKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Lookup = new KeyLookup(null, DkimFailureReason.KeyNotFound, message, null);
    }

    public DkimKeyException(KeyLookup lookup)
        : base(lookup.Detail)
    {
        Lookup = lookup;
    }

    public KeyLookup Lookup { get; }
}
