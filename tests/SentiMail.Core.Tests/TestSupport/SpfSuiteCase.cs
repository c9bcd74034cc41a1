using System.Net;
using SentiMail.Authentication.Spf;
using SentiMail.Dns;

namespace SentiMail.Tests.TestSupport;

/// <summary>How a suite runs its checks.</summary>
internal enum SpfSuiteMode
{
    /// <summary>The open-spf harness (pyspf's <c>testspf.py</c>): one <c>check_host()</c> of the MAIL FROM identity, or of
    /// <c>postmaster@helo</c> when MAIL FROM is empty.</summary>
    MailFrom,

    /// <summary>The stalwart mail-auth harness (<c>verify_spf</c> with <c>SpfParameters::verify</c>): the HELO identity
    /// first, and the MAIL FROM identity only when HELO passes.</summary>
    HeloThenMailFrom,
}

/// <summary>One check of a third-party SPF suite, with the DNS data it runs against.</summary>
/// <param name="Suite">The suite folder (<c>spf-openspf</c>...).</param>
/// <param name="Key">The case name: the suite's test name, made unique with the scenario when needed.</param>
/// <param name="Host">The client address.</param>
/// <param name="MailFrom">The MAIL FROM (may be empty).</param>
/// <param name="Helo">The HELO name, or <see langword="null"/>.</param>
/// <param name="Results">The acceptable results, as the suite spells them (the first is preferred).</param>
/// <param name="Explanation">The expected explanation; <c>DEFAULT</c> means none (the driver's default explanation).</param>
/// <param name="Resolver">The DNS data.</param>
/// <param name="Mode">How to run the check.</param>
/// <param name="ReceivingDomain">The <c>%{r}</c> value the harness uses.</param>
internal sealed record SpfSuiteCase(
    string Suite,
    string Key,
    IPAddress Host,
    string MailFrom,
    string? Helo,
    IReadOnlyList<string> Results,
    string? Explanation,
    IDnsResolver Resolver,
    SpfSuiteMode Mode,
    string? ReceivingDomain)
{
    /// <summary>Runs the check as the suite's own harness does.</summary>
    /// <returns>The result that the suite compares.</returns>
    public async Task<SpfCheckResult> RunAsync()
    {
        var validator = new SpfValidator(Resolver, new SpfOptions { ReceivingDomain = ReceivingDomain });
        if (Mode == SpfSuiteMode.MailFrom)
        {
            return await validator.CheckAsync(Host, MailFrom, Helo);
        }

        var helo = await validator.CheckHeloAsync(Host, Helo ?? string.Empty);
        if (helo.Result != SpfResult.Pass)
        {
            return helo;
        }

        var at = MailFrom.LastIndexOf('@');
        var domain = at < 0 ? Helo ?? string.Empty : MailFrom[(at + 1)..];
        return await validator.CheckHostAsync(Host, domain, MailFrom, Helo);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Suite}/{Key}";
}
