namespace SentiMail.Authentication.Spf;

/// <summary>The values macros expand to (RFC 7208 §7.3) at one point of an evaluation.</summary>
/// <param name="Inputs">The values fixed for the whole check.</param>
/// <param name="Domain">The current domain (<c>%{d}</c>), which changes with <c>include</c> and <c>redirect</c>.</param>
/// <param name="ValidatedDomain">The <c>%{p}</c> value, when the string uses it (resolved beforehand).</param>
internal readonly record struct SpfMacroValues(SpfCheckInputs Inputs, string Domain, string? ValidatedDomain)
{
    /// <summary>Returns the value of a (lowercase) macro letter.</summary>
    /// <param name="letter">The letter.</param>
    /// <returns>The value, before transformers.</returns>
    public string Get(char letter) => letter switch
    {
        's' => Inputs.Sender,
        'l' => Inputs.LocalPart,
        'o' => Inputs.SenderDomain,
        'd' => Domain,
        'i' => Inputs.MacroAddress,
        'p' => ValidatedDomain ?? "unknown",
        'v' => Inputs.IsIPv6 ? "ip6" : "in-addr",
        'h' => Inputs.Helo,
        'c' => Inputs.ReadableAddress,
        'r' => Inputs.ReceivingDomain,
        't' => Inputs.Timestamp,
        _ => string.Empty,
    };
}
