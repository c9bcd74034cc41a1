using System.Globalization;

namespace SentiMail.Authentication.Spf;

/// <summary>The outcome of one SPF check: the result and what led to it.</summary>
public sealed class SpfCheckResult
{
    internal SpfCheckResult(
        SpfResult result,
        SpfIdentity identity,
        string domain,
        string? mechanism,
        string? explanation,
        string? reason,
        int dnsLookups,
        int voidLookups)
    {
        Result = result;
        Identity = identity;
        Domain = domain;
        Mechanism = mechanism;
        Explanation = explanation;
        Reason = reason;
        DnsLookups = dnsLookups;
        VoidLookups = voidLookups;
    }

    /// <summary>Gets the SPF result.</summary>
    public SpfResult Result { get; }

    /// <summary>Gets the identity that was checked.</summary>
    public SpfIdentity Identity { get; }

    /// <summary>Gets the domain whose policy was checked (the <c>&lt;domain&gt;</c> argument of <c>check_host()</c>, without a
    /// trailing dot). It may be empty when no identity could be derived from the input.</summary>
    public string Domain { get; }

    /// <summary>Gets the directive that decided the result, as written in the domain's record (for example <c>-all</c>,
    /// <c>ip4:192.0.2.0/24</c> or <c>include:_spf.example.com</c>), or <see langword="null"/> when no mechanism matched
    /// or the check ended in an error.</summary>
    public string? Mechanism { get; }

    /// <summary>Gets the explanation published by the domain with the <c>exp=</c> modifier, macro-expanded (RFC 7208 §6.2),
    /// for a <see cref="SpfResult.Fail"/> result; <see langword="null"/> otherwise, or when the explanation could not be
    /// fetched or was invalid. It is text chosen by the domain owner: quote it, never interpret it.</summary>
    public string? Explanation { get; }

    /// <summary>Gets a description of the problem for <see cref="SpfResult.PermError"/>, <see cref="SpfResult.TempError"/>
    /// and <see cref="SpfResult.None"/> results (for example <c>more than 10 DNS lookups</c>), or <see langword="null"/>.
    /// It may quote parts of the domain's record (cut to 64 characters): treat it as untrusted text.</summary>
    public string? Reason { get; }

    /// <summary>Gets the number of terms that caused DNS lookups and count against the limit of RFC 7208 §4.6.4
    /// (<c>include</c>, <c>a</c>, <c>mx</c>, <c>ptr</c>, <c>exists</c>, <c>redirect</c>).</summary>
    public int DnsLookups { get; }

    /// <summary>Gets the number of void lookups (answers with no records, or NXDOMAIN) met while evaluating terms.</summary>
    public int VoidLookups { get; }

    /// <summary>Returns the result in the lowercase form of RFC 7208 (<c>pass</c>, <c>permerror</c>...).</summary>
    /// <param name="result">The result.</param>
    /// <returns>The name used in <c>Received-SPF</c> and <c>Authentication-Results</c> header fields.</returns>
    public static string ToRfcName(SpfResult result) => result switch
    {
        SpfResult.None => "none",
        SpfResult.Neutral => "neutral",
        SpfResult.Pass => "pass",
        SpfResult.Fail => "fail",
        SpfResult.SoftFail => "softfail",
        SpfResult.TempError => "temperror",
        SpfResult.PermError => "permerror",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, "Unknown SPF result."),
    };

    /// <inheritdoc />
    public override string ToString()
    {
        var detail = Mechanism ?? Reason;
        return detail is null
            ? string.Create(CultureInfo.InvariantCulture, $"{ToRfcName(Result)} ({Domain})")
            : string.Create(CultureInfo.InvariantCulture, $"{ToRfcName(Result)} ({Domain}: {detail})");
    }
}
