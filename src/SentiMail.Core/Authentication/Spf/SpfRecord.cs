namespace SentiMail.Authentication.Spf;

/// <summary>A parsed SPF record: its directives in order and its <c>redirect=</c> and <c>exp=</c> modifiers.</summary>
internal sealed class SpfRecord
{
    public SpfRecord(IReadOnlyList<SpfDirective> directives, SpfMacroString? redirect, SpfMacroString? explanation)
    {
        Directives = directives;
        Redirect = redirect;
        Explanation = explanation;
        foreach (var directive in directives)
        {
            HasAll |= directive.Kind == SpfMechanismKind.All;
        }
    }

    /// <summary>Gets the directives, in evaluation order.</summary>
    public IReadOnlyList<SpfDirective> Directives { get; }

    /// <summary>Gets the <c>redirect=</c> domain-spec, if any.</summary>
    public SpfMacroString? Redirect { get; }

    /// <summary>Gets the <c>exp=</c> domain-spec, if any.</summary>
    public SpfMacroString? Explanation { get; }

    /// <summary>Gets a value indicating whether the record has an <c>all</c> mechanism, which makes any
    /// <c>redirect=</c> ignored (RFC 7208 §6.1).</summary>
    public bool HasAll { get; }
}
