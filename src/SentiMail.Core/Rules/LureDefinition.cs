namespace SentiMail.Rules;

/// <summary>A phrase that lures a reader (urgency, credentials, payment...), with its weight.</summary>
public sealed class LureDefinition
{
    /// <summary>Gets the phrase, matched as whole words with case and accents ignored.</summary>
    public required string Phrase { get; init; }

    /// <summary>Gets the language code, such as <c>en</c> or <c>fr</c>.</summary>
    public string Lang { get; init; } = "en";

    /// <summary>Gets the kind of lure: urgency, credentials, account-threat, payment, invoice, parcel, prize, crypto,
    /// extortion, marketing-spam, adult, pharma or money-scam.</summary>
    public string Kind { get; init; } = "marketing-spam";

    /// <summary>Gets the weight, 1 to 10.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Returns every problem with this definition (empty when valid).</summary>
    /// <returns>One sentence per problem.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Phrase))
        {
            errors.Add("A lure has an empty phrase.");
        }

        if (Weight is < 1 or > 10)
        {
            errors.Add($"Lure '{Phrase}' must have a weight between 1 and 10 (was {Weight}).");
        }

        if (!RuleSet.LureKinds.Contains(Kind))
        {
            errors.Add($"Lure '{Phrase}' has kind '{Kind}', which is not one of: {string.Join(", ", RuleSet.LureKinds)}.");
        }

        return errors;
    }
}
