using System.Net;
using System.Text;
using MimeKit;
using SentiMail.Analyzers;
using SentiMail.Attachments;
using SentiMail.Html;
using SentiMail.Rules;
using SentiMail.Text;

namespace SentiMail.Context;

/// <summary>
/// Everything analyzers need about one message, parsed once and derived once: sender identities, the relay chain and
/// client IP, bodies and visible text, links with their anchor text, forms and attachments with their true types and
/// hashes. Analyzers read it; none re-parses the message.
/// </summary>
/// <remarks>A context is valid only while its analysis runs: attachment contents point into a pooled buffer.</remarks>
public sealed class AnalysisContext
{
    /// <summary>The most folded characters of the visible text matched against phrases. Characters that render as
    /// nothing and runs of separators do not count (see <see cref="TextFolding.Fold(ReadOnlySpan{char}, StringBuilder, int)"/>):
    /// padding made of them cannot push a lure out of the window.</summary>
    private const int MaxFoldedLength = 256 * 1024;

    /// <summary>The most folded characters of the subject, counted likewise.</summary>
    private const int MaxFoldedSubjectLength = 4096;

    private readonly Dictionary<string, string?> _organizationalDomains = new(StringComparer.Ordinal);
    private string? _foldedText;
    private string? _foldedSubject;
    private string? _foldedBrandText;
    private bool? _latinScript;

    internal AnalysisContext(MimeMessage message, long size, RuleSet rules, DateTimeOffset now)
    {
        Message = message;
        Size = size;
        Rules = rules;
        Now = now;
        Subject = message.Subject ?? string.Empty;
    }

    /// <summary>Gets the parsed message.</summary>
    public MimeMessage Message { get; }

    /// <summary>Gets the size of the raw message in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the rules (brands, lures, shorteners, public suffixes) in force.</summary>
    public RuleSet Rules { get; }

    /// <summary>Gets the time the analysis started, from the engine's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Gets the decoded subject, or an empty string.</summary>
    public string Subject { get; }

    /// <summary>Gets what the caller said about the SMTP transaction (empty when nothing was given).</summary>
    public MessageEnvelope Envelope { get; internal set; } = new();

    /// <summary>Gets the sender identities.</summary>
    public SenderIdentities Senders { get; internal set; } = new();

    /// <summary>Gets the parsed <c>Received</c> headers, topmost first.</summary>
    public IReadOnlyList<ReceivedHop> ReceivedChain { get; internal set; } = [];

    /// <summary>Gets the IP address of the client of the first untrusted hop (or the one the caller gave).</summary>
    public IPAddress? ClientIp { get; internal set; }

    /// <summary>Gets the hop <see cref="ClientIp"/> was read from, or <see langword="null"/> when the caller gave it.</summary>
    public ReceivedHop? ClientHop { get; internal set; }

    /// <summary>Gets the decoded plain-text body (all inline text/plain parts, format=flowed lines joined), or an empty string.</summary>
    public string TextBody { get; internal set; } = string.Empty;

    /// <summary>Gets the decoded HTML body (all inline text/html parts), or an empty string.</summary>
    public string HtmlBody { get; internal set; } = string.Empty;

    /// <summary>Gets what the HTML body shows and hides.</summary>
    public HtmlExtraction Html { get; internal set; } = HtmlExtraction.Empty;

    /// <summary>Gets the text a reader sees: the visible text of each inline HTML part and each inline text part that is
    /// not an alternative to a later HTML part (in a multipart/alternative), in message order; the text body when there
    /// is no HTML.</summary>
    public string VisibleText { get; internal set; } = string.Empty;

    /// <summary>Gets every link: HTML anchors, form actions and resources, and URLs written in text.</summary>
    public IReadOnlyList<MessageLink> Links { get; internal set; } = [];

    /// <summary>Gets a value indicating whether the text held more written URLs than the engine collects (1,000 per
    /// text), so that some went unchecked.</summary>
    public bool TextLinksOmitted { get; internal set; }

    /// <summary>Gets the forms of the HTML body.</summary>
    public IReadOnlyList<HtmlForm> Forms { get; internal set; } = [];

    /// <summary>Gets the attachments and inline non-text parts, the inline text parts that carry a file name (which are
    /// body text as well), and the files decoded from containers (attached messages, TNEF, S/MIME, uuencode...).</summary>
    public IReadOnlyList<MessageAttachment> Attachments { get; internal set; } = [];

    /// <summary>Gets the parts of the message the engine did not inspect (past a limit, undecodable or encrypted), in
    /// message order; empty when everything was read.</summary>
    public IReadOnlyList<UninspectedContent> Uninspected { get; internal set; } = [];

    /// <summary>Gets the subject and visible text, folded for phrase matching (see <see cref="TextFolding"/>): the first
    /// 4,096 folded characters of the subject and the first 256 Ki of the visible text, where characters that render as
    /// nothing and runs of separators do not count.</summary>
    public string FoldedText
    {
        get
        {
            if (_foldedText is null)
            {
                var sb = new StringBuilder(Math.Min(Subject.Length + VisibleText.Length, MaxFoldedLength) + 4);
                TextFolding.Fold(Subject, sb, MaxFoldedSubjectLength);
                TextFolding.Fold(VisibleText, sb, MaxFoldedLength);
                _foldedText = sb.ToString();
            }

            return _foldedText;
        }
    }

    /// <summary>Gets <see cref="FoldedText"/> with the words that imitate a brand's name with look-alike characters
    /// (<c>PayPaI</c>, <c>Micr0soft</c>, <c>раураӏ</c>: see <see cref="BrandLookalikes"/>) written as that name; the
    /// same string when there are none.</summary>
    internal string FoldedTextWithBrandLookalikes
    {
        get
        {
            if (_foldedBrandText is null)
            {
                var subject = BrandLookalikes.Resolve(Subject, this);
                var visible = BrandLookalikes.Resolve(VisibleText, this);
                if (ReferenceEquals(subject, Subject) && ReferenceEquals(visible, VisibleText))
                {
                    _foldedBrandText = FoldedText;
                }
                else
                {
                    var sb = new StringBuilder(Math.Min(subject.Length + visible.Length, MaxFoldedLength) + 4);
                    TextFolding.Fold(subject, sb, MaxFoldedSubjectLength);
                    TextFolding.Fold(visible, sb, MaxFoldedLength);
                    _foldedBrandText = sb.ToString();
                }
            }

            return _foldedBrandText;
        }
    }

    /// <summary>Gets a value indicating whether the subject, From display names and visible text are written in Latin
    /// script, the words that imitate a brand's name aside (see <see cref="BrandLookalikes.IsLatinScript"/>).</summary>
    internal bool IsLatinScript => _latinScript ??= BrandLookalikes.IsLatinScript(this);

    /// <summary>Gets the subject, folded for phrase matching: its first 4,096 folded characters.</summary>
    public string FoldedSubject => _foldedSubject ??= TextFolding.Fold(Subject, MaxFoldedSubjectLength);

    /// <summary>Returns the organisational (registrable) domain of a normalised domain, using the public suffix list.</summary>
    /// <param name="domain">A lowercase ASCII domain.</param>
    /// <returns>The registrable domain, or <see langword="null"/> for a public suffix or an empty input.</returns>
    public string? GetOrganizationalDomain(string? domain)
    {
        if (string.IsNullOrEmpty(domain))
        {
            return null;
        }

        if (!_organizationalDomains.TryGetValue(domain, out var org))
        {
            org = DomainName.IsIpLiteral(domain) ? domain : Rules.PublicSuffixes.GetRegistrableDomain(domain);
            if (_organizationalDomains.Count < 256)
            {
                _organizationalDomains[domain] = org;
            }
        }

        return org;
    }
}
