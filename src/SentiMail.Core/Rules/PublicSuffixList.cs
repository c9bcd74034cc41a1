using System.Globalization;

namespace SentiMail.Rules;

/// <summary>
/// The Public Suffix List (publicsuffix.org), used to find a domain's organisational (registrable) domain, as DMARC
/// (RFC 7489 §3.2) and look-alike checks need. A copy is embedded; <see cref="LoadFile"/> loads a newer one.
/// </summary>
public sealed class PublicSuffixList
{
    private static readonly Lazy<PublicSuffixList> s_default = new(LoadEmbedded);

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcards;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
    }

    /// <summary>Gets the embedded list.</summary>
    public static PublicSuffixList Default => s_default.Value;

    /// <summary>Gets the number of rules loaded.</summary>
    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>Loads a list in the publicsuffix.org <c>.dat</c> format.</summary>
    /// <param name="reader">The list's text.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException">The text holds no rule.</exception>
    public static PublicSuffixList Load(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var idn = new IdnMapping { AllowUnassigned = true };
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var rule = line.Trim();
            var space = rule.IndexOfAny([' ', '\t']);
            if (space >= 0)
            {
                rule = rule[..space];
            }

            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var target = rules;
            if (rule.StartsWith('!'))
            {
                target = exceptions;
                rule = rule[1..];
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                target = wildcards;
                rule = rule[2..];
            }

            rule = rule.ToLowerInvariant();
            target.Add(rule);
            if (rule.Any(c => c > 0x7F))
            {
                try
                {
                    target.Add(idn.GetAscii(rule).ToLowerInvariant());
                }
                catch (ArgumentException)
                {
                    // A rule that is not a valid IDN cannot match a normalised host; keep only its Unicode form.
                }
            }
        }

        if (rules.Count + wildcards.Count + exceptions.Count == 0)
        {
            throw new FormatException("The public suffix list holds no rule.");
        }

        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>Loads a list from a <c>public_suffix_list.dat</c> file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The list.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="FormatException">The file holds no rule.</exception>
    public static PublicSuffixList LoadFile(string path)
    {
        using var reader = new StreamReader(path);
        return Load(reader);
    }

    /// <summary>Returns the public suffix of a domain (such as <c>co.uk</c> for <c>www.example.co.uk</c>).</summary>
    /// <param name="domain">A normalised (lowercase ASCII) domain.</param>
    /// <returns>The public suffix; the last label when no rule matches.</returns>
    public string GetPublicSuffix(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.AsSpan().Trim('.');
        var rules = _rules.GetAlternateLookup<ReadOnlySpan<char>>();
        var wildcards = _wildcards.GetAlternateLookup<ReadOnlySpan<char>>();
        var exceptions = _exceptions.GetAlternateLookup<ReadOnlySpan<char>>();

        var start = 0;
        while (true)
        {
            var suffix = d[start..];
            var dot = suffix.IndexOf('.');
            var parent = dot < 0 ? [] : suffix[(dot + 1)..];
            if (exceptions.Contains(suffix))
            {
                return parent.ToString();
            }

            if (rules.Contains(suffix) || (dot >= 0 && wildcards.Contains(parent)))
            {
                return suffix.ToString();
            }

            if (dot < 0)
            {
                // The implicit "*" rule: the last label is a public suffix.
                return suffix.ToString();
            }

            start += dot + 1;
        }
    }

    /// <summary>Tells whether the domain's last label is a top-level domain the list knows (such as <c>com</c> or <c>fr</c>).</summary>
    /// <param name="domain">A normalised (lowercase ASCII) domain.</param>
    /// <returns><see langword="true"/> when the top-level domain is listed.</returns>
    public bool HasKnownTopLevelDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.AsSpan().TrimEnd('.');
        var tld = d[(d.LastIndexOf('.') + 1)..];
        return !tld.IsEmpty && _rules.GetAlternateLookup<ReadOnlySpan<char>>().Contains(tld);
    }

    /// <summary>Returns the organisational (registrable) domain: the public suffix plus one label.</summary>
    /// <param name="domain">A normalised (lowercase ASCII) domain.</param>
    /// <returns>The registrable domain, or <see langword="null"/> when the domain is itself a public suffix or starts
    /// with a dot (an empty label, which the list's reference tests treat as having no registrable domain).</returns>
    public string? GetRegistrableDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var d = domain.TrimEnd('.');
        if (d.Length == 0 || d[0] == '.')
        {
            return null;
        }

        var suffix = GetPublicSuffix(d);
        if (suffix.Length >= d.Length)
        {
            return null;
        }

        var head = d.AsSpan(0, d.Length - suffix.Length - 1);
        var dot = head.LastIndexOf('.');
        return dot < 0 ? d : d[(dot + 1)..];
    }

    private static PublicSuffixList LoadEmbedded()
    {
        using var stream = EmbeddedRules.Open("public_suffix_list.dat");
        using var reader = new StreamReader(stream);
        return Load(reader);
    }
}
