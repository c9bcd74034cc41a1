using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using SentiMail.Text;

namespace SentiMail.Rules;

/// <summary>
/// The brands, lure phrases, URL shorteners and public suffixes the analyzers use, loaded once into immutable,
/// lookup-friendly structures (phrase automata, frozen sets).
/// </summary>
public sealed class RuleSet
{
    /// <summary>The lure kinds a <see cref="LureDefinition"/> may have.</summary>
    public static FrozenSet<string> LureKinds { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        "urgency", "credentials", "account-threat", "payment", "invoice", "parcel", "prize", "crypto", "extortion",
        "marketing-spam", "adult", "pharma", "money-scam");

    private static readonly Lazy<RuleSet> s_builtIn = new(() => Create([], [], useBuiltIn: true));

    private readonly FrozenSet<string>[] _domainsByBrand;

    private RuleSet(
        IReadOnlyList<BrandDefinition> brands,
        IReadOnlyList<LureDefinition> lures,
        FrozenSet<string> shorteners,
        PublicSuffixList publicSuffixes)
    {
        Brands = brands;
        Lures = lures;
        Shorteners = shorteners;
        PublicSuffixes = publicSuffixes;

        var keywords = new List<string>();
        var keywordBrands = new List<int>();
        var domains = new Dictionary<string, int>(StringComparer.Ordinal);
        _domainsByBrand = new FrozenSet<string>[brands.Count];
        for (var b = 0; b < brands.Count; b++)
        {
            _domainsByBrand[b] = brands[b].Domains.Select(DomainName.Normalize).ToFrozenSet(StringComparer.Ordinal);
            foreach (var keyword in brands[b].Keywords)
            {
                keywords.Add(keyword);
                keywordBrands.Add(b);
            }

            foreach (var domain in brands[b].Domains)
            {
                domains.TryAdd(DomainName.Normalize(domain), b);
            }
        }

        BrandKeywords = new PhraseMatcher(keywords);
        KeywordBrand = [.. keywordBrands];
        BrandKeywordTexts = [.. keywords];
        BrandKeywordSkeletons = BuildKeywordSkeletons(keywords);
        BrandDomains = domains.ToFrozenDictionary(StringComparer.Ordinal);
        var skeletons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (domain, brand) in domains)
        {
            skeletons.TryAdd(Confusables.Skeleton(DomainName.ToUnicode(domain)), brand);
        }

        BrandDomainSkeletons = skeletons.ToFrozenDictionary(StringComparer.Ordinal);
        LureMatcher = new PhraseMatcher([.. lures.Select(l => l.Phrase)]);
        BrandLabels = BuildBrandLabels(brands, domains, publicSuffixes);
    }

    /// <summary>Gets the built-in rules (embedded in the assembly).</summary>
    public static RuleSet BuiltIn => s_builtIn.Value;

    /// <summary>Gets the brands.</summary>
    public IReadOnlyList<BrandDefinition> Brands { get; }

    /// <summary>Gets the lure phrases.</summary>
    public IReadOnlyList<LureDefinition> Lures { get; }

    /// <summary>Gets the hosts of URL shorteners, lowercase.</summary>
    public FrozenSet<string> Shorteners { get; }

    /// <summary>Gets the public suffix list.</summary>
    public PublicSuffixList PublicSuffixes { get; }

    /// <summary>Gets the automaton of every brand keyword; match index <c>i</c> belongs to brand <c>KeywordBrand[i]</c>.</summary>
    internal PhraseMatcher BrandKeywords { get; }

    /// <summary>Gets, for each brand keyword, the index of its brand in <see cref="Brands"/>.</summary>
    internal int[] KeywordBrand { get; }

    /// <summary>Gets every brand keyword as written in the rules, indexed like <see cref="KeywordBrand"/>.</summary>
    internal string[] BrandKeywordTexts { get; }

    /// <summary>Gets, for the word skeleton (<see cref="Confusables.WordSkeleton"/>) of each brand keyword that is one
    /// word of <see cref="MinLookalikeKeywordLength"/> letters or more, the index of that keyword: the names a word
    /// written with look-alike characters (<c>PayPaI</c>, <c>Micr0soft</c>, Cyrillic <c>раураӏ</c>) may imitate.</summary>
    internal FrozenDictionary<string, int> BrandKeywordSkeletons { get; }

    /// <summary>The shortest keyword looked for written with look-alike characters: shorter names (<c>ups</c>, <c>o2</c>,
    /// <c>cpam</c>) are other words' or codes' skeletons too.</summary>
    internal const int MinLookalikeKeywordLength = 5;

    /// <summary>Gets the brand index of each real brand domain.</summary>
    internal FrozenDictionary<string, int> BrandDomains { get; }

    /// <summary>Gets the brand index of the look-alike skeleton (<see cref="Confusables.Skeleton"/>) of each real brand
    /// domain.</summary>
    internal FrozenDictionary<string, int> BrandDomainSkeletons { get; }

    /// <summary>Gets the automaton of every lure phrase, indexed like <see cref="Lures"/>.</summary>
    internal PhraseMatcher LureMatcher { get; }

    /// <summary>Gets the distinctive label of each brand domain (<c>paypal</c> for <c>paypal.com</c>, <c>impots</c> for
    /// <c>impots.gouv.fr</c>) with its look-alike skeleton, for look-alike domain checks.</summary>
    internal IReadOnlyList<BrandLabel> BrandLabels { get; }

    /// <summary>Builds a rule set from the built-in lists and the given extras.</summary>
    /// <param name="additionalBrands">Brands to add.</param>
    /// <param name="additionalLures">Lures to add.</param>
    /// <param name="useBuiltIn">Whether to start from the built-in lists.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="ArgumentException">A definition is invalid.</exception>
    /// <param name="publicSuffixes">The public suffix list; the embedded one when <see langword="null"/>.</param>
    public static RuleSet Create(IEnumerable<BrandDefinition> additionalBrands, IEnumerable<LureDefinition> additionalLures, bool useBuiltIn = true, PublicSuffixList? publicSuffixes = null)
    {
        ArgumentNullException.ThrowIfNull(additionalBrands);
        ArgumentNullException.ThrowIfNull(additionalLures);
        var brands = new List<BrandDefinition>();
        var lures = new List<LureDefinition>();
        if (useBuiltIn)
        {
            brands.AddRange(ReadEmbedded("brands.json", RulesJsonContext.Default.BrandFile).ToDefinitions());
            lures.AddRange(ReadEmbedded("lures.json", RulesJsonContext.Default.LureFile).ToDefinitions());
        }

        brands.AddRange(additionalBrands);
        lures.AddRange(additionalLures);
        var errors = brands.SelectMany(b => b.Validate()).Concat(lures.SelectMany(l => l.Validate())).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid rules: " + string.Join(" ", errors));
        }

        return new RuleSet(brands, lures, ReadShorteners(), publicSuffixes ?? PublicSuffixList.Default);
    }

    /// <summary>Returns the rules the options ask for: the shared built-in set when nothing is added or replaced.</summary>
    /// <param name="options">The engine options.</param>
    /// <returns>The rule set.</returns>
    /// <exception cref="ArgumentException">An added definition is invalid.</exception>
    /// <exception cref="IOException">The public suffix list file cannot be read.</exception>
    public static RuleSet FromOptions(SentiMailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UseBuiltInRules && options.AdditionalBrands.Count == 0 && options.AdditionalLures.Count == 0 && options.PublicSuffixListFile is null)
        {
            return BuiltIn;
        }

        var suffixes = options.PublicSuffixListFile is { } file ? PublicSuffixList.LoadFile(file) : null;
        return Create(options.AdditionalBrands, options.AdditionalLures, options.UseBuiltInRules, suffixes);
    }

    /// <summary>Reads brands from a JSON file in the format of the built-in <c>brands.json</c>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The brands.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not valid JSON in that format.</exception>
    public static IReadOnlyList<BrandDefinition> ReadBrandsFile(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, RulesJsonContext.Default.BrandFile)?.ToDefinitions() ?? [];
    }

    /// <summary>Reads lures from a JSON file in the format of the built-in <c>lures.json</c>.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The lures.</returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="JsonException">The file is not valid JSON in that format.</exception>
    public static IReadOnlyList<LureDefinition> ReadLuresFile(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, RulesJsonContext.Default.LureFile)?.ToDefinitions() ?? [];
    }

    /// <summary>Returns the index in <see cref="Brands"/> of the brand owning a domain or one of its parents.</summary>
    /// <param name="domain">A normalised domain.</param>
    /// <returns>The brand index, or -1.</returns>
    internal int FindBrandByDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return -1;
        }

        return FindInParents(domain, BrandDomains);
    }

    /// <summary>Returns the index in <see cref="Brands"/> of the brand whose domain a domain or one of its parents
    /// reads as, look-alike characters taken as what they imitate: <c>pаypal.com</c> with a Cyrillic <c>а</c>,
    /// <c>rnicrosoft.com</c>.</summary>
    /// <param name="domain">A normalised domain.</param>
    /// <returns>The brand index, or -1.</returns>
    internal int FindBrandBySkeleton(string? domain)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return -1;
        }

        return FindInParents(Confusables.Skeleton(DomainName.ToUnicode(domain)), BrandDomainSkeletons);
    }

    /// <summary>Returns the brand of a domain or of its nearest parent found in <paramref name="index"/>, or -1.</summary>
    private static int FindInParents(string domain, FrozenDictionary<string, int> index)
    {
        var d = domain.AsSpan();
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        while (true)
        {
            if (lookup.TryGetValue(d, out var brand))
            {
                return brand;
            }

            var dot = d.IndexOf('.');
            if (dot < 0)
            {
                return -1;
            }

            d = d[(dot + 1)..];
        }
    }

    /// <summary>Tells whether a domain or one of its parents is one of a brand's own domains. Unlike
    /// <see cref="FindBrandByDomain"/>, this holds for every brand that lists a shared domain (GOV.UK Notify's
    /// <c>notifications.service.gov.uk</c> sends for several agencies).</summary>
    /// <param name="brand">The brand index in <see cref="Brands"/>.</param>
    /// <param name="domain">A normalised domain.</param>
    /// <returns><see langword="true"/> when the domain belongs to the brand.</returns>
    internal bool IsBrandDomain(int brand, string? domain)
    {
        if (string.IsNullOrEmpty(domain) || brand < 0 || brand >= _domainsByBrand.Length)
        {
            return false;
        }

        var lookup = _domainsByBrand[brand].GetAlternateLookup<ReadOnlySpan<char>>();
        var d = domain.AsSpan();
        while (true)
        {
            if (lookup.Contains(d))
            {
                return true;
            }

            var dot = d.IndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            d = d[(dot + 1)..];
        }
    }

    private static FrozenDictionary<string, int> BuildKeywordSkeletons(List<string> keywords)
    {
        var skeletons = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[Confusables.MaxWordSkeletonLength];
        for (var k = 0; k < keywords.Count; k++)
        {
            var keyword = keywords[k].ToLowerInvariant();
            if (keyword.Length >= MinLookalikeKeywordLength && !keyword.AsSpan().ContainsAnyExceptInRange('a', 'z'))
            {
                var length = Confusables.WordSkeleton(keyword, buffer);
                if (length > 0)
                {
                    skeletons.TryAdd(buffer[..length].ToString(), k);
                }
            }
        }

        return skeletons.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static BrandLabel[] BuildBrandLabels(IReadOnlyList<BrandDefinition> brands, Dictionary<string, int> domains, PublicSuffixList psl)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var labels = new List<BrandLabel>();
        foreach (var (domain, brand) in domains)
        {
            var suffix = psl.GetPublicSuffix(domain);
            if (suffix.Length >= domain.Length)
            {
                continue;
            }

            var head = domain[..(domain.Length - suffix.Length - 1)];
            var label = head[(head.LastIndexOf('.') + 1)..];
            if (label.Length >= 3 && seen.Add(label))
            {
                labels.Add(new BrandLabel(label, Confusables.Skeleton(label), brand, brands[brand].Ambiguous));
            }
        }

        return [.. labels];
    }

    private static T ReadEmbedded<T>(string name, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var stream = EmbeddedRules.Open(name);
        return JsonSerializer.Deserialize(stream, type) ?? throw new InvalidOperationException($"The embedded rule file '{name}' is empty.");
    }

    private static FrozenSet<string> ReadShorteners()
    {
        using var stream = EmbeddedRules.Open("shorteners.txt");
        using var reader = new StreamReader(stream);
        var hosts = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var host = line.Split('#', 2)[0].Trim().ToLowerInvariant();
            if (host.Length > 0)
            {
                hosts.Add(host);
            }
        }

        return hosts.ToFrozenSet(StringComparer.Ordinal);
    }
}

/// <summary>A brand domain's distinctive label.</summary>
internal sealed record BrandLabel(string Label, string Skeleton, int Brand, bool Ambiguous);

/// <summary>The shape of <c>brands.json</c>.</summary>
internal sealed class BrandFile
{
    public string Version { get; init; } = string.Empty;

    public List<BrandJson>? Brands { get; init; }

    public List<BrandDefinition> ToDefinitions() => [.. (Brands ?? []).Select(b => b.ToDefinition())];
}

/// <summary>The shape of <c>lures.json</c>.</summary>
internal sealed class LureFile
{
    public string Version { get; init; } = string.Empty;

    public List<LureJson>? Lures { get; init; }

    public List<LureDefinition> ToDefinitions() => [.. (Lures ?? []).Select(l => l.ToDefinition())];
}

/// <summary>A brand as written in a rule file. The source generator sets init-only properties that a file leaves out to
/// <see langword="null"/> or 0, so files are read into these nullable shapes and missing values take the documented
/// defaults of <see cref="BrandDefinition"/>.</summary>
internal sealed class BrandJson
{
    public string? Name { get; init; }

    public string? Category { get; init; }

    public List<string>? Keywords { get; init; }

    public List<string>? Domains { get; init; }

    public bool Ambiguous { get; init; }

    public BrandDefinition ToDefinition()
    {
        var defaults = new BrandDefinition { Name = Name ?? string.Empty };
        return new BrandDefinition
        {
            Name = defaults.Name,
            Category = Category ?? defaults.Category,
            Keywords = Keywords ?? defaults.Keywords,
            Domains = Domains ?? defaults.Domains,
            Ambiguous = Ambiguous,
        };
    }
}

/// <summary>A lure as written in a rule file; missing values take the documented defaults of <see cref="LureDefinition"/>.</summary>
internal sealed class LureJson
{
    public string? Phrase { get; init; }

    public string? Lang { get; init; }

    public string? Kind { get; init; }

    public int? Weight { get; init; }

    public LureDefinition ToDefinition()
    {
        var defaults = new LureDefinition { Phrase = Phrase ?? string.Empty };
        return new LureDefinition
        {
            Phrase = defaults.Phrase,
            Lang = Lang ?? defaults.Lang,
            Kind = Kind ?? defaults.Kind,
            Weight = Weight ?? defaults.Weight,
        };
    }
}

/// <summary>Source-generated JSON metadata for the rule files.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(BrandFile))]
[JsonSerializable(typeof(LureFile))]
internal sealed partial class RulesJsonContext : JsonSerializerContext;
