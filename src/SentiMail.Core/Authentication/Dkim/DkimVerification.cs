using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace SentiMail.Authentication.Dkim;

/// <summary>
/// Verifies every DKIM signature of a message with MimeKit's verifier (RSA-SHA256 and Ed25519-SHA256, RFC 8463; RSA-SHA1
/// refused; RSA keys under 1,024 bits refused) and says why each one failed.
/// </summary>
internal sealed class DkimVerification(DnsDkimPublicKeyLocator locator, TimeProvider time)
{
    public const int MaxSignatures = 10;

    public async Task<IReadOnlyList<DkimSignatureResult>> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var results = new List<DkimSignatureResult>();
        var verifier = new DkimVerifier(locator) { MinimumRsaKeyLength = 1024 };
        string? body = null;
        foreach (var header in message.Headers)
        {
            if (header.Id != HeaderId.DkimSignature)
            {
                continue;
            }

            if (results.Count == MaxSignatures)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var tags = ParseTags(header.Value);
            var result = await VerifyOneAsync(verifier, message, header, tags, () => body ??= RawBody(message), cancellationToken).ConfigureAwait(false);
            results.Add(result);
        }

        return results;
    }

    private async Task<DkimSignatureResult> VerifyOneAsync(
        DkimVerifier verifier, MimeMessage message, Header header, Dictionary<string, string> tags, Func<string> rawBody, CancellationToken cancellationToken)
    {
        var domain = tags.GetValueOrDefault("d", string.Empty).Trim().ToLowerInvariant();
        var selector = tags.GetValueOrDefault("s", string.Empty).Trim();
        var algorithm = tags.GetValueOrDefault("a", string.Empty).Trim().ToLowerInvariant();
        DkimSignatureResult Make(DkimResult r, DkimFailureReason reason, string detail, int? bits = null) =>
            new() { Result = r, Reason = reason, Domain = domain, Selector = selector, Algorithm = algorithm, Detail = detail, KeyBits = bits };

        foreach (var required in (string[])["v", "a", "b", "bh", "d", "h", "s"])
        {
            if (!tags.ContainsKey(required))
            {
                return Make(DkimResult.PermError, DkimFailureReason.MalformedSignature, $"the signature has no {required}= tag");
            }
        }

        if (algorithm is not ("rsa-sha256" or "ed25519-sha256"))
        {
            return Make(DkimResult.PermError, DkimFailureReason.UnsupportedAlgorithm, algorithm == "rsa-sha1"
                ? "rsa-sha1 signatures are refused (RFC 8301)"
                : $"the algorithm '{algorithm}' is not supported");
        }

        if (tags.TryGetValue("x", out var expiry) && long.TryParse(expiry.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            && DateTimeOffset.FromUnixTimeSeconds(Math.Min(x, 253402300799)) < time.GetUtcNow())
        {
            return Make(DkimResult.Fail, DkimFailureReason.Expired, $"the signature expired at {DateTimeOffset.FromUnixTimeSeconds(Math.Min(x, 253402300799)):u}");
        }

        bool valid;
        try
        {
            valid = await verifier.VerifyAsync(message, header, cancellationToken).ConfigureAwait(false);
        }
        catch (DkimKeyException ex)
        {
            var r = ex.Lookup.Problem == DkimFailureReason.DnsError ? DkimResult.TempError : DkimResult.PermError;
            return Make(r, ex.Lookup.Problem, ex.Lookup.Detail);
        }
        catch (FormatException ex)
        {
            return Make(DkimResult.PermError, DkimFailureReason.MalformedSignature, "the signature is malformed: " + ex.Message);
        }

        var lookup = locator.GetLookup(domain, selector);
        if (valid)
        {
            return Make(DkimResult.Pass, DkimFailureReason.None, $"signed by {domain}", lookup?.Bits);
        }

        if (lookup is { Problem: DkimFailureReason.KeyTooShort })
        {
            return Make(DkimResult.PermError, DkimFailureReason.KeyTooShort, lookup.Detail, lookup.Bits);
        }

        var bodyOk = BodyHashMatches(tags, rawBody());
        return bodyOk == false
            ? Make(DkimResult.Fail, DkimFailureReason.BodyHashMismatch, "the body was changed after signing", lookup?.Bits)
            : Make(DkimResult.Fail, DkimFailureReason.SignatureMismatch, "the signed headers were changed or the signature does not match the key", lookup?.Bits);
    }

    internal static Dictionary<string, string> ParseTags(string value)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in value.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq].Trim();
            tags.TryAdd(name, StripWhitespace(part[(eq + 1)..]));
        }

        return tags;
    }

    private static string StripWhitespace(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Compares the <c>bh=</c> tag with the hash of the canonicalised body; <see langword="null"/> when it cannot tell.</summary>
    internal static bool? BodyHashMatches(Dictionary<string, string> tags, string rawBody)
    {
        var canonicalization = tags.GetValueOrDefault("c", "simple/simple");
        var relaxed = canonicalization.Split('/') is { Length: 2 } parts && parts[1] == "relaxed";
        var body = relaxed ? RelaxedBody(rawBody) : SimpleBody(rawBody);
        var bytes = Encoding.Latin1.GetBytes(body);
        if (tags.TryGetValue("l", out var l) && long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            if (length > bytes.Length)
            {
                return false;
            }

            bytes = bytes[..(int)length];
        }

        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(tags["bh"]);
        }
        catch (FormatException)
        {
            return null;
        }

        return SHA256.HashData(bytes).AsSpan().SequenceEqual(expected);
    }

    private static string SimpleBody(string body)
    {
        var trimmed = body;
        while (trimmed.EndsWith("\r\n", StringComparison.Ordinal))
        {
            trimmed = trimmed[..^2];
        }

        return trimmed + "\r\n";
    }

    private static string RelaxedBody(string body)
    {
        var lines = body.Split("\r\n");
        var sb = new StringBuilder(body.Length);
        foreach (var line in lines)
        {
            var collapsed = new StringBuilder(line.Length);
            var space = false;
            foreach (var c in line)
            {
                if (c is ' ' or '\t')
                {
                    space = true;
                    continue;
                }

                if (space)
                {
                    collapsed.Append(' ');
                    space = false;
                }

                collapsed.Append(c);
            }

            sb.Append(collapsed).Append("\r\n");
        }

        var result = sb.ToString();
        while (result.EndsWith("\r\n", StringComparison.Ordinal))
        {
            result = result[..^2];
        }

        return result.Length == 0 ? string.Empty : result + "\r\n";
    }

    /// <summary>The message body as MimeKit serialises it for DKIM (CRLF line endings), as Latin-1 text.</summary>
    private static string RawBody(MimeMessage message)
    {
        using var stream = new MemoryStream();
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        message.WriteTo(options, stream);
        var text = Encoding.Latin1.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? string.Empty : text[(end + 4)..];
    }
}
