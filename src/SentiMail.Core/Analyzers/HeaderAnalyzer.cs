using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;
using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Analyzers;

/// <summary>Checks the sender identities and the header block: mismatched domains, display names that name another
/// address, missing or malformed Date and Message-ID, and a private or reserved client IP.</summary>
public sealed partial class HeaderAnalyzer : IMessageAnalyzer
{
    /// <summary>Reply-To points to another organisation than From.</summary>
    public static readonly SignalDefinition ReplyToMismatch = new(
        "sender.reply-to-mismatch", SignalCategory.Sender, 12, "Replies go to another organisation than the one in From.");

    /// <summary>The envelope sender (Return-Path) is another organisation than From.</summary>
    public static readonly SignalDefinition ReturnPathMismatch = new(
        "sender.return-path-mismatch", SignalCategory.Sender, 3, "The envelope sender (Return-Path) belongs to another organisation than From; common with mailing services, but also with spoofing.");

    /// <summary>The display name holds an address or domain other than the real sender's.</summary>
    public static readonly SignalDefinition DisplayNameAddress = new(
        "sender.display-name-spoof", SignalCategory.Sender, 25, "The sender's display name shows an address or domain that is not the real sender's.");

    /// <summary>No From address.</summary>
    public static readonly SignalDefinition FromMissing = new(
        "sender.from-missing", SignalCategory.Sender, 15, "The message has no valid From address.");

    /// <summary>Several From mailboxes.</summary>
    public static readonly SignalDefinition FromMultiple = new(
        "sender.from-multiple", SignalCategory.Sender, 10, "The message claims several authors in From, which most mail clients hide.");

    /// <summary>The Date header is missing.</summary>
    public static readonly SignalDefinition DateMissing = new(
        "headers.date-missing", SignalCategory.Headers, 8, "The message has no Date header, which every real mail client writes.");

    /// <summary>The Date header does not parse.</summary>
    public static readonly SignalDefinition DateMalformed = new(
        "headers.date-malformed", SignalCategory.Headers, 10, "The Date header is not a valid RFC 5322 date.");

    /// <summary>The Date is far in the future.</summary>
    public static readonly SignalDefinition DateInFuture = new(
        "headers.date-future", SignalCategory.Headers, 6, "The Date header is more than a day after the message was received.");

    /// <summary>The Message-ID header is missing.</summary>
    public static readonly SignalDefinition MessageIdMissing = new(
        "headers.message-id-missing", SignalCategory.Headers, 6, "The message has no Message-ID header.");

    /// <summary>The Message-ID does not have the id-left@id-right form.</summary>
    public static readonly SignalDefinition MessageIdMalformed = new(
        "headers.message-id-malformed", SignalCategory.Headers, 6, "The Message-ID header is not of the form <left@right>.");

    /// <summary>The client IP is reserved (documentation, multicast, future use...).</summary>
    public static readonly SignalDefinition ClientIpReserved = new(
        "sender.client-ip-reserved", SignalCategory.Sender, 20, "The message was handed over from a reserved IP address that no real mail server uses.");

    /// <summary>The client IP is private although private networks are not trusted.</summary>
    public static readonly SignalDefinition ClientIpPrivate = new(
        "sender.client-ip-private", SignalCategory.Sender, 5, "The message was handed over from a private IP address that is not one of the trusted relays.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
    [
        ReplyToMismatch, ReturnPathMismatch, DisplayNameAddress, FromMissing, FromMultiple, DateMissing, DateMalformed,
        DateInFuture, MessageIdMissing, MessageIdMalformed, ClientIpReserved, ClientIpPrivate,
    ];

    /// <inheritdoc />
    public string Name => "headers";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        CheckSenders(context, signals);
        CheckDate(context, signals);
        CheckMessageId(context, signals);
        CheckClientIp(context, signals);
        return ValueTask.CompletedTask;
    }

    private static void CheckSenders(AnalysisContext context, SignalCollector signals)
    {
        var senders = context.Senders;
        if (senders.FromAddress is null || string.IsNullOrEmpty(senders.FromDomain))
        {
            signals.Add(FromMissing, "The From header is missing or holds no valid address.", "header:From", context.Message.Headers[HeaderId.From] ?? "(none)");
            return;
        }

        if (senders.FromCount > 1)
        {
            signals.Add(FromMultiple, $"From names {senders.FromCount} mailboxes.", "header:From", context.Message.From.ToString());
        }

        var fromOrg = context.GetOrganizationalDomain(senders.FromDomain);
        CheckReplyTo(context, signals, fromOrg);

        var returnOrg = context.GetOrganizationalDomain(senders.ReturnPathDomain);
        if (returnOrg is not null && fromOrg is not null && !string.Equals(returnOrg, fromOrg, StringComparison.Ordinal))
        {
            signals.Add(ReturnPathMismatch, $"The envelope sender is at {returnOrg}, From at {fromOrg}.", "header:Return-Path", senders.ReturnPath ?? string.Empty);
        }

        // Every From mailbox, of every From header: clients differ on which of several they show.
        IReadOnlyList<SenderMailbox> mailboxes = senders.FromMailboxes.Count > 0
            ? senders.FromMailboxes
            : [new SenderMailbox { Address = senders.FromAddress, DisplayName = senders.FromDisplayName, Domain = senders.FromDomain }];
        foreach (var mailbox in mailboxes)
        {
            CheckDisplayName(context, signals, mailbox, context.GetOrganizationalDomain(mailbox.Domain));
        }
    }

    private static void CheckReplyTo(AnalysisContext context, SignalCollector signals, string? fromOrg)
    {
        var senders = context.Senders;
        if (fromOrg is not null && senders.ReplyToAddresses.Count > 0)
        {
            // Mailing lists set Reply-To to the list on purpose: a Reply-To at the organisation of the list's posting
            // address (List-Post) or of its identifier (List-Id) is the list's. Any other one is checked as usual; a
            // List-Post or List-Id header alone exempts nothing.
            var listOrgs = ListOrganizations(context);
            foreach (var replyTo in senders.ReplyToAddresses)
            {
                var org = context.GetOrganizationalDomain(DomainOf(replyTo));
                if (org is not null && !string.Equals(org, fromOrg, StringComparison.Ordinal) && !listOrgs.Contains(org))
                {
                    signals.Add(ReplyToMismatch, $"Replies go to {org}, not to the sender's {fromOrg}.", "header:Reply-To", replyTo);
                }
            }
        }

        if (senders.ReplyToCount > senders.ReplyToAddresses.Count)
        {
            var omitted = senders.ReplyToCount - senders.ReplyToAddresses.Count;
            signals.Add(
                ReplyToMismatch,
                string.Create(CultureInfo.InvariantCulture, $"Reply-To names {senders.ReplyToCount} addresses; only the first {senders.ReplyToAddresses.Count} were checked."),
                "header:Reply-To",
                string.Create(CultureInfo.InvariantCulture, $"{omitted} more addresses not checked"));
        }
    }

    /// <summary>Returns the organisational domains of the mailing list a message says it came through: those of the
    /// <c>mailto:</c> addresses of <c>List-Post</c> and of the identifier in <c>List-Id</c>.</summary>
    private static HashSet<string> ListOrganizations(AnalysisContext context)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var seen = 0;
        foreach (var header in context.Message.Headers)
        {
            if (seen >= MaxListHeaders)
            {
                break;
            }

            if (header.Field.Equals("List-Post", StringComparison.OrdinalIgnoreCase))
            {
                seen++;
                foreach (Match match in MailtoInText().Matches(header.Value))
                {
                    AddOrganization(context, result, match.Groups["domain"].Value);
                }
            }
            else if (header.Field.Equals("List-Id", StringComparison.OrdinalIgnoreCase))
            {
                seen++;
                var value = header.Value.AsSpan().Trim();
                var open = value.LastIndexOf('<');
                if (open >= 0)
                {
                    value = value[(open + 1)..];
                    var close = value.IndexOf('>');
                    value = close >= 0 ? value[..close] : value;
                }

                AddOrganization(context, result, value.Trim().ToString());
            }
        }

        return result;
    }

    private const int MaxListHeaders = 20;

    private static void AddOrganization(AnalysisContext context, HashSet<string> organizations, string domain)
    {
        var normalized = Text.DomainName.Normalize(domain);
        if (normalized.Contains('.', StringComparison.Ordinal) && context.GetOrganizationalDomain(normalized) is { } org)
        {
            organizations.Add(org);
        }
    }

    private static void CheckDisplayName(AnalysisContext context, SignalCollector signals, SenderMailbox mailbox, string? fromOrg)
    {
        if (mailbox.DisplayName.Length == 0)
        {
            return;
        }

        // Read the name as it shows: "service@paypal\u2063.com", "service＠paypal。com" show paypal.com.
        var shownName = ShownAddressText.Normalize(mailbox.DisplayName);
        var evidence = mailbox.ToString();
        foreach (Match match in EmailInText().Matches(shownName))
        {
            var shown = DomainOf(match.Value);
            var shownOrg = context.GetOrganizationalDomain(shown);
            if (!string.IsNullOrEmpty(shown) && !string.Equals(shownOrg, fromOrg, StringComparison.Ordinal))
            {
                signals.Add(DisplayNameAddress, $"The display name shows the address {match.Value}{Disguised(mailbox.DisplayName, match.Value)}, but the message comes from {mailbox.Address}.", mailbox.Location, evidence);
                return;
            }
        }

        foreach (Match match in DomainInText().Matches(shownName))
        {
            var shown = Text.DomainName.Normalize(match.Value);
            var org = context.GetOrganizationalDomain(shown);
            // A domain in a display name ("CNET News.com") is only deceptive when it is a brand's the sender is not, or
            // reads as one ("pаypal.com" with a Cyrillic а).
            if (org is not null && fromOrg is not null && !string.Equals(org, fromOrg, StringComparison.Ordinal) && ShowsBrandDomain(context, shown))
            {
                signals.Add(DisplayNameAddress, $"The display name shows the domain {match.Value}{Disguised(mailbox.DisplayName, match.Value)}, but the message comes from {fromOrg}.", mailbox.Location, evidence);
                return;
            }
        }
    }

    /// <summary>Says so when the name does not hold what was read in it as such.</summary>
    private static string Disguised(string displayName, string shown) =>
        displayName.Contains(shown, StringComparison.Ordinal) ? string.Empty : " (written with look-alike or invisible characters)";

    private static bool ShowsBrandDomain(AnalysisContext context, string shown) =>
        (context.Rules.PublicSuffixes.HasKnownTopLevelDomain(shown) && context.Rules.FindBrandByDomain(shown) >= 0) || context.Rules.FindBrandBySkeleton(shown) >= 0;

    private static void CheckDate(AnalysisContext context, SignalCollector signals)
    {
        var raw = context.Message.Headers[HeaderId.Date];
        if (raw is null)
        {
            signals.Add(DateMissing, "There is no Date header.", "header:Date", "(none)");
            return;
        }

        if (!DateUtils.TryParse(raw, out var date) || date.Year < 1990)
        {
            signals.Add(DateMalformed, "The Date header does not parse as a date.", "header:Date", raw);
            return;
        }

        // Compare with the time our side received it (topmost Received), else with now.
        var reference = context.ReceivedChain.Count > 0 && context.ReceivedChain[0].Date is { } received ? received : context.Now;
        if (date - reference > TimeSpan.FromDays(1))
        {
            signals.Add(DateInFuture, $"The Date is {(date - reference).TotalDays.ToString("0", CultureInfo.InvariantCulture)} days after the message was received.", "header:Date", raw);
        }
    }

    private static void CheckMessageId(AnalysisContext context, SignalCollector signals)
    {
        var raw = context.Message.Headers[HeaderId.MessageId];
        if (raw is null)
        {
            signals.Add(MessageIdMissing, "There is no Message-ID header.", "header:Message-ID", "(none)");
            return;
        }

        var value = raw.Trim();
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (!value.StartsWith('<') || !value.EndsWith('>') || at <= 1 || at >= value.Length - 2 || value.AsSpan(1, value.Length - 2).ContainsAny(" \t<>"))
        {
            signals.Add(MessageIdMalformed, "The Message-ID is not of the form <left@right>.", "header:Message-ID", raw);
        }
    }

    private static void CheckClientIp(AnalysisContext context, SignalCollector signals)
    {
        if (context.ClientIp is not { } ip)
        {
            return;
        }

        var where = context.ClientHop is { } hop ? $"header:Received[{hop.Index}]" : "envelope:client-ip";
        if (IpClassifier.IsReserved(ip))
        {
            signals.Add(ClientIpReserved, $"The client IP {ip} is in a reserved range.", where, ip.ToString());
        }
        else if (IpClassifier.IsPrivate(ip))
        {
            signals.Add(ClientIpPrivate, $"The client IP {ip} is private and not a trusted relay.", where, ip.ToString());
        }
    }

    private static string? DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? null : Text.DomainName.Normalize(address[(at + 1)..]);
    }

    // Letters of any script, with their combining marks: a look-alike address ("pаypal.com", Cyrillic а) is one too.
    [GeneratedRegex(@"[\p{L}\p{M}\p{N}._%+\-]+@[\p{L}\p{M}\p{N}.\-]+\.\p{L}[\p{L}\p{M}]+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex EmailInText();

    [GeneratedRegex(@"(?<![@\w.\-])(?:[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}\-]{0,61}[\p{L}\p{M}\p{N}])?\.)+\p{L}[\p{L}\p{M}]{1,23}(?![\w\-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex DomainInText();

    [GeneratedRegex(@"mailto:[^@<>\s,?]+@(?<domain>[^<>\s,?/]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex MailtoInText();
}
