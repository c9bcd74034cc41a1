using System.Globalization;

namespace SentiMail.Authentication.Dmarc;

/// <summary>A parsed DMARC record (RFC 7489 §6.3), with the problems found while parsing it.</summary>
public sealed record DmarcRecord
{
    /// <summary>Gets the requested policy for the domain (<c>p=</c>): none, quarantine or reject.</summary>
    public string Policy { get; init; } = "none";

    /// <summary>Gets the requested policy for subdomains (<c>sp=</c>), or <see langword="null"/> when it is the same as <see cref="Policy"/>.</summary>
    public string? SubdomainPolicy { get; init; }

    /// <summary>Gets the percentage of failing mail the policy applies to (<c>pct=</c>, default 100).</summary>
    public int Percent { get; init; } = 100;

    /// <summary>Gets a value indicating whether DKIM alignment is strict (<c>adkim=s</c>).</summary>
    public bool StrictDkim { get; init; }

    /// <summary>Gets a value indicating whether SPF alignment is strict (<c>aspf=s</c>).</summary>
    public bool StrictSpf { get; init; }

    /// <summary>Gets the failure reporting options (<c>fo=</c>, default <c>0</c>).</summary>
    public string FailureOptions { get; init; } = "0";

    /// <summary>Gets the aggregate report addresses (<c>rua=</c>).</summary>
    public IReadOnlyList<string> AggregateReportUris { get; init; } = [];

    /// <summary>Gets the failure report addresses (<c>ruf=</c>).</summary>
    public IReadOnlyList<string> FailureReportUris { get; init; } = [];

    /// <summary>Gets the problems found while parsing (unknown values, bad syntax), each one sentence.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Parses a TXT record. Returns <see langword="null"/> when it is not a DMARC record (it does not start with
    /// <c>v=DMARC1</c>), or when it is one that RFC 7489 §6.6.3 says to ignore: no valid <c>p=</c> (or an invalid
    /// <c>sp=</c>) and no valid <c>rua=</c> URI. With a valid <c>rua=</c> URI, such a record is read as <c>p=none</c>.</summary>
    /// <param name="text">The TXT record.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    public static DmarcRecord? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasDmarcVersion(text))
        {
            return null;
        }

        var parts = text.Split(';');

        var errors = new List<string>();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            if (string.IsNullOrWhiteSpace(part))
            {
                continue;
            }

            var kv = part.Split('=', 2);
            if (kv.Length != 2)
            {
                errors.Add($"'{part.Trim()}' is not a tag=value pair.");
                continue;
            }

            var name = kv[0].Trim().ToLowerInvariant();
            if (!tags.TryAdd(name, kv[1].Trim()))
            {
                errors.Add($"The tag {name}= appears twice.");
            }
        }

        string? policy = null;
        if (tags.TryGetValue("p", out var p))
        {
            policy = NormalizePolicy(p, "p", errors);
        }
        else
        {
            errors.Add("The required tag p= is missing.");
        }

        string? subdomainPolicy = tags.TryGetValue("sp", out var sp) ? NormalizePolicy(sp, "sp", errors) : null;
        var percent = 100;
        if (tags.TryGetValue("pct", out var pct) && (!int.TryParse(pct, NumberStyles.None, CultureInfo.InvariantCulture, out percent) || percent > 100))
        {
            errors.Add($"pct={pct} is not a number from 0 to 100; 100 is used.");
            percent = 100;
        }

        var rua = Uris(tags, "rua", errors);
        if (policy is null || (sp is not null && subdomainPolicy is null))
        {
            // RFC 7489 §6.6.3 step 6: a record with a missing or invalid p=, or an invalid sp=, is treated as p=none
            // when rua= holds a valid URI; without one, no DMARC processing applies.
            if (!rua.Any(IsValidUri))
            {
                return null;
            }

            policy = "none";
            subdomainPolicy = null;
        }

        return new DmarcRecord
        {
            Policy = policy,
            SubdomainPolicy = subdomainPolicy,
            Percent = percent,
            StrictDkim = Alignment(tags, "adkim", errors),
            StrictSpf = Alignment(tags, "aspf", errors),
            FailureOptions = tags.GetValueOrDefault("fo", "0"),
            AggregateReportUris = rua,
            FailureReportUris = Uris(tags, "ruf", errors),
            Errors = errors,
        };
    }

    /// <summary>Tells whether a TXT record starts with the <c>v=DMARC1</c> tag (RFC 7489 §6.4: first, case-sensitive).</summary>
    internal static bool HasDmarcVersion(string text)
    {
        var first = text.Split(';', 2)[0].Split('=', 2);
        return first.Length == 2 && first[0].Trim().Equals("v", StringComparison.Ordinal) && first[1].Trim().Equals("DMARC1", StringComparison.Ordinal);
    }

    /// <summary>Tells whether a DMARC URI (RFC 7489 §6.2: a URI with an optional <c>!size</c> suffix) is an absolute URI.</summary>
    private static bool IsValidUri(string uri)
    {
        var bang = uri.LastIndexOf('!');
        return Uri.TryCreate(bang > 0 ? uri[..bang] : uri, UriKind.Absolute, out _);
    }

    private static string? NormalizePolicy(string value, string tag, List<string> errors)
    {
        var v = value.ToLowerInvariant();
        if (v is "none" or "quarantine" or "reject")
        {
            return v;
        }

        errors.Add($"{tag}={value} is not none, quarantine or reject.");
        return null;
    }

    private static bool Alignment(Dictionary<string, string> tags, string tag, List<string> errors)
    {
        if (!tags.TryGetValue(tag, out var value))
        {
            return false;
        }

        switch (value.ToLowerInvariant())
        {
            case "s":
                return true;
            case "r":
                return false;
            default:
                errors.Add($"{tag}={value} is not r or s; relaxed is used.");
                return false;
        }
    }

    private static string[] Uris(Dictionary<string, string> tags, string tag, List<string> errors)
    {
        if (!tags.TryGetValue(tag, out var value))
        {
            return [];
        }

        var uris = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var uri in uris)
        {
            if (!uri.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{tag}= holds '{uri}', which is not a mailto: URI.");
            }
        }

        return uris;
    }
}
