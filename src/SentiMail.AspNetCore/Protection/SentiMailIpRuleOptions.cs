namespace SentiMail.AspNetCore.Protection;

/// <summary>
/// Allow and deny lists checked by <c>UseSentiMailIpRules()</c> against the effective client address
/// (<c>Connection.RemoteIpAddress</c>, after trusted forwarded headers). Entries are CIDR networks (<c>10.0.0.0/8</c>,
/// <c>2001:db8::/32</c>) or single addresses. A denied address is rejected even if also allowed; when
/// <see cref="Allow"/> is not empty, every address outside it is rejected, and so is a request without an address.
/// </summary>
public sealed class SentiMailIpRuleOptions
{
    /// <summary>Gets the networks allowed; empty means every address not denied.</summary>
    /// <value>Empty by default.</value>
    public IList<string> Allow { get; } = [];

    /// <summary>Gets the networks denied; they win over <see cref="Allow"/>.</summary>
    /// <value>Empty by default.</value>
    public IList<string> Deny { get; } = [];

    internal List<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(Allow), Allow);
        Check(errors, nameof(Deny), Deny);
        return errors;
    }

    private static void Check(List<string> errors, string name, IList<string> entries)
    {
        foreach (var entry in entries)
        {
            if (!ClientAddress.TryParseNetwork(entry, out _))
            {
                errors.Add($"{name}: '{entry}' is not an IP address or a CIDR network.");
            }
        }
    }
}
