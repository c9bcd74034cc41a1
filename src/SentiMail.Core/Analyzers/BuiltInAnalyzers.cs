namespace SentiMail.Analyzers;

/// <summary>The analyzers SentiMail runs by default, all offline.</summary>
public static class BuiltInAnalyzers
{
    /// <summary>Creates one instance of each built-in analyzer, in the order the engine runs them.</summary>
    /// <param name="options">The engine options (archive limits); the defaults when <see langword="null"/>.</param>
    /// <returns>The analyzers.</returns>
    public static IReadOnlyList<IMessageAnalyzer> Create(SentiMailOptions? options = null) =>
    [
        new HeaderAnalyzer(),
        new LinkAnalyzer(),
        new ContentAnalyzer(),
        new AttachmentAnalyzer(options?.Limits ?? new Parsing.MessageLimits()),

        // Last: its body-claim check reads the lure and form signals raised above.
        new BrandImpersonationAnalyzer(),
    ];
}
