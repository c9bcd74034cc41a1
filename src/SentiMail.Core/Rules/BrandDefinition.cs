namespace SentiMail.Rules;

/// <summary>A brand that phishing often impersonates, with the words that name it and its real domains.</summary>
public sealed class BrandDefinition
{
    /// <summary>Gets the brand's name, such as <c>PayPal</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the kind of organisation: bank, carrier, cloud, payment, retail, government...</summary>
    public string Category { get; init; } = "other";

    /// <summary>Gets the words or short phrases that claim the brand (matched as whole words, case and accents ignored).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Gets the brand's real registrable domains, such as <c>paypal.com</c>.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Gets a value indicating whether a keyword is also a common word, so that only the display name and
    /// the subject can claim the brand.</summary>
    public bool Ambiguous { get; init; }

    /// <summary>Returns every problem with this definition (empty when valid).</summary>
    /// <returns>One sentence per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add("A brand has no name.");
        }

        if (Keywords.Count == 0 || Keywords.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"Brand '{Name}' needs at least one keyword, and no empty keyword.");
        }

        if (Domains.Count == 0 || Domains.Any(d => string.IsNullOrWhiteSpace(d) || !d.Contains('.', StringComparison.Ordinal)))
        {
            errors.Add($"Brand '{Name}' needs at least one domain, each with a dot.");
        }

        return errors;
    }
}
