namespace SentiMail.Analyzers;

/// <summary>The analyzers SentiMail runs by default, all offline.</summary>
public static class BuiltInAnalyzers
{
    /// <summary>Creates one instance of each built-in analyzer, in the order the engine runs them.</summary>
    /// <param name="options">The engine options (archive limits); the defaults when <see langword="null"/>.</param>
    /// <returns>The analyzers.</returns>
    public static IReadOnlyList<IMessageAnalyzer> Create(SentiMailOptions? options = null) =>
    [
        new Authentication.AuthenticationAnalyzer(
            CreateResolver(options?.Authentication ?? new Authentication.AuthenticationOptions()),
            options?.Authentication ?? new Authentication.AuthenticationOptions()),
        new HeaderAnalyzer(),
        new LinkAnalyzer(),
        new ContentAnalyzer(),
        new AttachmentAnalyzer(options?.Limits ?? new Parsing.MessageLimits()),
        new MimeStructureAnalyzer(),

        // Last: its body-claim check reads the lure and form signals raised above.
        new BrandImpersonationAnalyzer(),
    ];

    /// <summary>Creates the DNS resolver authentication uses: none offline, else DnsClient behind a bounded cache.</summary>
    /// <param name="options">The authentication options.</param>
    /// <returns>The resolver, or <see langword="null"/> offline.</returns>
    public static Dns.IDnsResolver? CreateResolver(Authentication.AuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Offline ? null : new Dns.CachingDnsResolver(new Dns.DnsClientResolver(options.Dns), options.Dns);
    }
}
