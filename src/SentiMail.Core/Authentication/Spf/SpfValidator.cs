using System.Net;
using SentiMail.Dns;

namespace SentiMail.Authentication.Spf;

/// <summary>
/// Evaluates Sender Policy Framework records (RFC 7208): tells whether a client IP address may send mail for a domain.
/// </summary>
/// <remarks>
/// <para>Every DNS query goes through the <see cref="IDnsResolver"/> given to the constructor; the validator does no
/// network I/O of its own. All of RFC 7208 is implemented: record selection, every mechanism and modifier, macros,
/// explanations, and the processing limits of §4.6.4 (see <see cref="SpfOptions"/>). Errors are results
/// (<see cref="SpfResult.PermError"/>, <see cref="SpfResult.TempError"/>), never exceptions.</para>
/// <para>An instance holds no per-check state and can be shared; each check keeps its own counters.</para>
/// </remarks>
/// <example>
/// <code>
/// var validator = new SpfValidator(resolver);
/// var result = await validator.CheckAsync(IPAddress.Parse("192.0.2.10"), "alice@example.com", "mail.example.com");
/// if (result.Result == SpfResult.Fail) { /* reject, quoting result.Explanation */ }
/// </code>
/// </example>
public sealed class SpfValidator
{
    /// <summary>The longest sender or HELO name accepted (RFC 5321 limits a path to 256 octets); longer identities give
    /// <see cref="SpfResult.None"/>, which keeps the cost of macro expansion bounded.</summary>
    internal const int MaxIdentityLength = 1024;

    private readonly IDnsResolver _resolver;
    private readonly SpfSettings _settings;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SpfValidator"/> class.</summary>
    /// <param name="resolver">The DNS resolver.</param>
    /// <param name="options">The limits and settings; <see langword="null"/> for the RFC defaults. The values are copied.</param>
    /// <param name="timeProvider">The clock, for the <c>%{t}</c> macro and <see cref="SpfOptions.Timeout"/>;
    /// <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="resolver"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> holds invalid values (all are listed).</exception>
    public SpfValidator(IDnsResolver resolver, SpfOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        options ??= new SpfOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid SPF options: " + string.Join(" ", errors), nameof(options));
        }

        _resolver = resolver;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _settings = new SpfSettings(
            options.MaxDnsLookups,
            options.MaxVoidLookups,
            options.MaxMxAddresses,
            options.MaxPtrNames,
            options.Timeout,
            options.ReceivingDomain ?? "unknown",
            options.CheckHelo);
    }

    /// <summary>Runs <c>check_host()</c> (RFC 7208 §4): is <paramref name="ip"/> allowed to send for <paramref name="domain"/>?</summary>
    /// <param name="ip">The SMTP client's address. An IPv4-mapped IPv6 address is evaluated as IPv4 (§5).</param>
    /// <param name="domain">The domain whose policy is checked. When it is not a usable multi-label domain name the
    /// result is <see cref="SpfResult.None"/> (§4.3).</param>
    /// <param name="sender">The sender (<c>local@domain</c>) for the <c>%{s}</c>, <c>%{l}</c> and <c>%{o}</c> macros; a
    /// missing local part becomes <c>postmaster</c>, an empty sender <c>postmaster@</c><paramref name="domain"/>.</param>
    /// <param name="helo">The HELO/EHLO name for the <c>%{h}</c> macro, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the check.</param>
    /// <returns>The result, for the <see cref="SpfIdentity.MailFrom"/> identity.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ip"/> or <paramref name="domain"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<SpfCheckResult> CheckHostAsync(IPAddress ip, string domain, string sender, string? helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        ArgumentNullException.ThrowIfNull(domain);
        return RunAsync(ip, domain, sender ?? string.Empty, helo, SpfIdentity.MailFrom, cancellationToken);
    }

    /// <summary>Checks the <c>MAIL FROM</c> identity of an SMTP transaction (RFC 7208 §2.4): the domain of
    /// <paramref name="mailFrom"/>, or <c>postmaster@</c><paramref name="helo"/> when the reverse-path is null. With
    /// <see cref="SpfOptions.CheckHelo"/>, the HELO identity is checked first (§2.3) and a HELO
    /// <see cref="SpfResult.Fail"/> is returned as conclusive.</summary>
    /// <param name="ip">The SMTP client's address.</param>
    /// <param name="mailFrom">The reverse-path (<c>alice@example.com</c>, angle brackets allowed), or
    /// <see langword="null"/>/empty/<c>&lt;&gt;</c> for a null reverse-path (bounces).</param>
    /// <param name="helo">The HELO/EHLO name, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the check.</param>
    /// <returns>The result; <see cref="SpfCheckResult.Identity"/> tells which identity it is for. When neither a
    /// reverse-path nor a HELO name is given, the result is <see cref="SpfResult.None"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ip"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public async Task<SpfCheckResult> CheckAsync(IPAddress ip, string? mailFrom, string? helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var path = (mailFrom ?? string.Empty).Trim();
        if (path.Length >= 2 && path[0] == '<' && path[^1] == '>')
        {
            path = path[1..^1].Trim();
        }

        var heloName = string.IsNullOrWhiteSpace(helo) ? null : helo.Trim();
        if (path.Length == 0)
        {
            // RFC 7208 §2.4: with a null reverse-path, the MAIL FROM identity is postmaster@ the HELO name.
            return heloName is null
                ? new SpfCheckResult(SpfResult.None, SpfIdentity.MailFrom, string.Empty, null, null, "neither a reverse-path nor a HELO name was given", 0, 0)
                : await RunAsync(ip, heloName, string.Empty, heloName, SpfIdentity.MailFrom, cancellationToken).ConfigureAwait(false);
        }

        if (_settings.CheckHelo && heloName is not null)
        {
            var heloResult = await RunAsync(ip, heloName, string.Empty, heloName, SpfIdentity.Helo, cancellationToken).ConfigureAwait(false);
            if (heloResult.Result == SpfResult.Fail)
            {
                return heloResult;
            }
        }

        var at = path.LastIndexOf('@');
        var domain = at < 0 ? path : path[(at + 1)..];
        return await RunAsync(ip, domain, path, heloName, SpfIdentity.MailFrom, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the HELO identity (RFC 7208 §2.3): <c>check_host()</c> for the HELO name with the sender
    /// <c>postmaster@</c><paramref name="helo"/>. An address literal such as <c>[192.0.2.1]</c> gives <see cref="SpfResult.None"/>.</summary>
    /// <param name="ip">The SMTP client's address.</param>
    /// <param name="helo">The HELO/EHLO name.</param>
    /// <param name="cancellationToken">A token to cancel the check.</param>
    /// <returns>The result, for the <see cref="SpfIdentity.Helo"/> identity.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ip"/> or <paramref name="helo"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<SpfCheckResult> CheckHeloAsync(IPAddress ip, string helo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ip);
        ArgumentNullException.ThrowIfNull(helo);
        var name = helo.Trim();
        return RunAsync(ip, name, string.Empty, name, SpfIdentity.Helo, cancellationToken);
    }

    private async Task<SpfCheckResult> RunAsync(IPAddress ip, string domain, string sender, string? helo, SpfIdentity identity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (sender.Length > MaxIdentityLength || (helo?.Length ?? 0) > MaxIdentityLength || domain.Length > MaxIdentityLength)
        {
            return new SpfCheckResult(SpfResult.None, identity, Shorten(domain), null, null, "the sender, domain or HELO name is longer than 1024 characters", 0, 0);
        }

        if (!SpfDomainName.TryNormalizeCheckedDomain(domain, out var checkedDomain, out var problem))
        {
            // RFC 7208 §4.3: a malformed or single-label domain gives "none".
            return new SpfCheckResult(SpfResult.None, identity, domain, null, null, problem, 0, 0);
        }

        var inputs = CreateInputs(SpfAddress.Normalize(ip), checkedDomain, sender, helo);
        using var budget = new CancellationTokenSource(_settings.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var evaluation = new SpfEvaluation(_resolver, _settings, inputs, linked.Token);
        try
        {
            var (outcome, explanation) = await evaluation.RunAsync(checkedDomain).ConfigureAwait(false);
            return new SpfCheckResult(outcome.Result, identity, checkedDomain, outcome.Mechanism, explanation, outcome.Reason, evaluation.DnsLookups, evaluation.VoidLookups);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own time budget (RFC 7208 §4.6.4), not the caller's cancellation.
            var reason = $"the check took longer than {_settings.Timeout.TotalSeconds:0.###} seconds";
            return new SpfCheckResult(SpfResult.TempError, identity, checkedDomain, null, null, reason, evaluation.DnsLookups, evaluation.VoidLookups);
        }
    }

    private SpfCheckInputs CreateInputs(IPAddress ip, string domain, string sender, string? helo)
    {
        // RFC 7208 §4.3: a sender without local part gets "postmaster".
        var at = sender.LastIndexOf('@');
        var localPart = at < 0 ? string.Empty : sender[..at];
        var senderDomain = at < 0 ? (sender.Length == 0 ? domain : sender) : sender[(at + 1)..];
        if (senderDomain.EndsWith('.'))
        {
            senderDomain = senderDomain[..^1];
        }

        if (localPart.Length == 0)
        {
            localPart = "postmaster";
        }

        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var heloName = string.IsNullOrEmpty(helo) ? "unknown" : helo;
        return new SpfCheckInputs(ip, localPart + "@" + senderDomain, localPart, senderDomain, heloName, _settings.ReceivingDomain, timestamp);
    }

    private static string Shorten(string text) => text.Length <= 253 ? text : text[..253];
}
