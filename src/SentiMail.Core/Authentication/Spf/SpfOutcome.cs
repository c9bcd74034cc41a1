namespace SentiMail.Authentication.Spf;

/// <summary>The result of <c>check_host()</c> for one domain, with what produced it.</summary>
/// <param name="Result">The result.</param>
/// <param name="Mechanism">The directive that matched, if any.</param>
/// <param name="Reason">The problem, for errors and none.</param>
/// <param name="Record">The record that gave the result (its <c>exp=</c> explains a fail).</param>
/// <param name="Domain">The domain whose record gave the result (the <c>%{d}</c> of the explanation).</param>
internal readonly record struct SpfOutcome(SpfResult Result, string? Mechanism, string? Reason, SpfRecord? Record, string Domain)
{
    public static SpfOutcome Error(SpfResult result, string reason, string domain) => new(result, null, reason, null, domain);
}
