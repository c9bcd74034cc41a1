using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using MimeKit;
using SentiMail.Attachments;
using SentiMail.Context;
using SentiMail.Html;
using SentiMail.Parsing;
using SentiMail.Signals;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>
/// Checks attachments by their true type (magic bytes), not their names: executables, dangerous and double
/// extensions, right-to-left-override names, declared-versus-true type mismatches, Office macros, Office and RTF
/// documents that fetch a template or object on open or hold exploit objects or embedded programs, PDF active content,
/// HTML attachments with credential forms, and archives (executables inside, encrypted entries, decompression bombs).
/// </summary>
public sealed class AttachmentAnalyzer : IMessageAnalyzer
{
    /// <summary>An attachment is an executable program or script by its content.</summary>
    public static readonly SignalDefinition Executable = new(
        "attachment.executable", SignalCategory.Attachments, 60, "An attachment is a program or script: opening it runs code.");

    /// <summary>The weight of <see cref="Executable"/> for a Unix script (<c>#!</c>) whose name no mail client runs:
    /// below the Suspicious threshold on its own.</summary>
    public const double UnixScriptWeight = 25;

    /// <summary>The weight of <see cref="DangerousExtension"/> (and of <see cref="ArchiveExecutable"/> for an entry) for a
    /// script that runs on a double click only where its interpreter is installed (<see cref="FileNames.InterpreterScript"/>,
    /// <c>.py</c>): below the Suspicious threshold on its own, as developers mail such scripts.</summary>
    public const double InterpreterScriptWeight = 25;

    /// <summary>The weight of <see cref="ArchiveUnreadable"/> for an archive whose inspection stopped at a limit (entries,
    /// decompressed bytes, depth, size of an archive or file inside it): what lies past the limit was not inspected, or
    /// only by name, which is how a payload is hidden from scanners. At the Suspicious threshold.</summary>
    public const double LimitHitWeight = 35;

    /// <summary>The weight of <see cref="ArchiveUnreadable"/> for an archive whose content is not unpacked (7-Zip, RAR,
    /// CAB: no decoder is shipped; their names are listed where the headers show them).</summary>
    public const double UnopenedArchiveWeight = 8;

    /// <summary>The weight of <see cref="ArchiveUnreadable"/> for an archive whose content is not unpacked when it is the
    /// message's only attachment and the message has next to no text (under 200 visible characters), or when its name
    /// poses as a document or a program (<c>invoice.pdf.7z</c>): how malware is mailed past scanners. At the Suspicious
    /// threshold.</summary>
    public const double UnopenedArchiveAloneWeight = 35;

    /// <summary>An attachment's name has an extension that runs code.</summary>
    public static readonly SignalDefinition DangerousExtension = new(
        "attachment.dangerous-extension", SignalCategory.Attachments, 45, "An attachment's name ends in an extension that runs code when opened (.exe, .js, .lnk, .iso...).");

    /// <summary>An Internet Shortcut (.url) to a web page: a link carried as a file.</summary>
    public static readonly SignalDefinition WebShortcut = new(
        "attachment.web-shortcut", SignalCategory.Attachments, 15, "An attachment is an Internet Shortcut (.url) to a web page: a link that opens in the browser from a file, out of sight of the reader until it is opened.");

    /// <summary>Double extension (invoice.pdf.exe).</summary>
    public static readonly SignalDefinition DoubleExtension = new(
        "attachment.double-extension", SignalCategory.Attachments, 25, "An attachment's name hides its real extension behind a harmless-looking one (invoice.pdf.exe).");

    /// <summary>Right-to-left override in a file name.</summary>
    public static readonly SignalDefinition RtlOverrideName = new(
        "attachment.rtl-override-name", SignalCategory.Attachments, 40, "An attachment's name uses a right-to-left override so that it displays a fake extension.");

    /// <summary>The declared type or extension does not match the content.</summary>
    public static readonly SignalDefinition TypeMismatch = new(
        "attachment.type-mismatch", SignalCategory.Attachments, 20, "An attachment's content is not what its name or declared type says.");

    /// <summary>Office macros.</summary>
    public static readonly SignalDefinition Macro = new(
        "attachment.macro", SignalCategory.Attachments, 45, "An Office document carries VBA macros or an Excel 4.0 macro sheet, a common way to deliver malware.");

    /// <summary>An Office or RTF document that fetches a template, OLE object, frame or sub-document from the network
    /// when it is opened (remote template injection).</summary>
    public static readonly SignalDefinition RemoteTemplate = new(
        "attachment.remote-template", SignalCategory.Attachments, 65, "An Office or RTF document fetches a template, OLE object, frame or sub-document from the network when it is opened (remote template injection): what it fetches runs with the document, out of reach of any scan of the attachment.");

    /// <summary>The weight of <see cref="RemoteTemplate"/> when the content comes from a network share (a UNC path, a
    /// <c>file://host/</c> address) rather than the web: opening the document also hands the reader's Windows
    /// credentials (NTLM) to that host, but companies keep genuine templates on file shares. At the Suspicious
    /// threshold and above.</summary>
    public const double RemoteShareWeight = 40;

    /// <summary>The weight of <see cref="RemoteTemplate"/> for a Word template that is a file without macros
    /// (<c>.dotx</c>, <c>.xltx</c>, <c>.potx</c>) fetched over HTTPS from a host name: documents made from an
    /// organisation's template on SharePoint or another web server link it so. Below the Suspicious threshold on its
    /// own; a macro-enabled or legacy template, an address without a template file name, a page, plain HTTP or an IP
    /// address keeps the full weight.</summary>
    public const double RemoteTemplateFileWeight = 15;

    /// <summary>An Office or RTF document holding an object known from exploits that run code on open.</summary>
    public static readonly SignalDefinition OfficeExploit = new(
        "attachment.office-exploit", SignalCategory.Attachments, 70, "An Office or RTF document holds an object known from exploits that run code when it is opened, no macro needed: an Equation Editor object (CVE-2017-11882), an OLE link through a URL moniker (CVE-2017-0199) or through a protocol handler (Follina, CVE-2022-30190).");

    /// <summary>The weight of <see cref="OfficeExploit"/> for an RTF object of another kind that updates itself on open
    /// (<c>\objupdate</c>): the object's program starts without a click, the way exploits of other OLE servers are
    /// triggered. At the Suspicious threshold.</summary>
    public const double ObjectUpdateWeight = 35;

    /// <summary>An Office or RTF document embeds a program (an OLE package).</summary>
    public static readonly SignalDefinition EmbeddedFile = new(
        "attachment.embedded-file", SignalCategory.Attachments, 55, "An Office or RTF document embeds a file (an OLE package) that runs code when its icon is opened (.exe, .js, .lnk...).");

    /// <summary>The weight of <see cref="EmbeddedFile"/> for an RTF document's OLE package of another name: Word writes
    /// it to the temporary folder when the document is opened, where exploits then run it. Below the Suspicious
    /// threshold on its own.</summary>
    public const double PackagedFileWeight = 20;

    /// <summary>PDF that runs JavaScript or launches programs.</summary>
    public static readonly SignalDefinition PdfActiveContent = new(
        "attachment.pdf-active-content", SignalCategory.Attachments, 30, "A PDF runs JavaScript, launches a program or embeds files when opened.");

    /// <summary>HTML attachment asking for a password.</summary>
    public static readonly SignalDefinition HtmlCredentialForm = new(
        "attachment.html-credential-form", SignalCategory.Attachments, 45, "An HTML attachment shows a login form, a classic way to steal passwords offline of any link filter.");

    /// <summary>An HTML attachment.</summary>
    public static readonly SignalDefinition HtmlAttachment = new(
        "attachment.html", SignalCategory.Attachments, 12, "An attachment is an HTML page, which opens in a browser from a local file.");

    /// <summary>An SVG image that runs script.</summary>
    public static readonly SignalDefinition SvgScript = new(
        "attachment.svg-script", SignalCategory.Attachments, 40, "An SVG image attachment runs script when opened: the browser shows it as a page, the way SVG phishing and smuggling lures redirect or build a login form.");

    /// <summary>An archive holds an executable.</summary>
    public static readonly SignalDefinition ArchiveExecutable = new(
        "attachment.archive-executable", SignalCategory.Attachments, 55, "An archive attachment holds a program or script.");

    /// <summary>An archive has encrypted entries.</summary>
    public static readonly SignalDefinition ArchiveEncrypted = new(
        "attachment.archive-encrypted", SignalCategory.Attachments, 20, "An archive attachment is password-protected, which hides its content from scanners.");

    /// <summary>A decompression bomb.</summary>
    public static readonly SignalDefinition ArchiveBomb = new(
        "attachment.archive-bomb", SignalCategory.Attachments, 35, "An archive attachment expands to an absurd size (decompression bomb); it was not unpacked.");

    /// <summary>A broken archive, one whose content is not unpacked, or one inspected only up to a limit (see
    /// <see cref="LimitHitWeight"/>, <see cref="UnopenedArchiveWeight"/>, <see cref="UnopenedArchiveAloneWeight"/>).</summary>
    public static readonly SignalDefinition ArchiveUnreadable = new(
        "attachment.archive-unreadable", SignalCategory.Attachments, 10, "An archive attachment is damaged, cannot be unpacked, or was inspected only up to a limit, which can hide its content from scanners.");

    /// <summary>A disk image.</summary>
    public static readonly SignalDefinition DiskImage = new(
        "attachment.disk-image", SignalCategory.Attachments, 35, "An attachment is a disk image (ISO, IMG, VHD), used to smuggle programs past protections.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
    [
        Executable, DangerousExtension, WebShortcut, DoubleExtension, RtlOverrideName, TypeMismatch, Macro, RemoteTemplate, OfficeExploit,
        EmbeddedFile, PdfActiveContent, HtmlCredentialForm, HtmlAttachment, SvgScript, ArchiveExecutable, ArchiveEncrypted, ArchiveBomb, ArchiveUnreadable, DiskImage,
    ];

    private readonly MessageLimits _limits;

    /// <summary>Initializes a new instance of the <see cref="AttachmentAnalyzer"/> class with default archive limits.</summary>
    public AttachmentAnalyzer()
        : this(new MessageLimits())
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AttachmentAnalyzer"/> class.</summary>
    /// <param name="limits">The archive limits to apply.</param>
    public AttachmentAnalyzer(MessageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <inheritdoc />
    public string Name => "attachments";

    /// <inheritdoc />
    public IReadOnlyList<SignalDefinition> Signals => s_signals;

    /// <inheritdoc />
    public ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var attachment in context.Attachments)
        {
            CheckName(attachment, signals);
        }

        // Content checks smallest first: a file made large to be slow (a page of padding, a big archive) cannot use up
        // the analyzer's time before the small ones are checked.
        var message = new MessageState(signals, context.Attachments.Count == 1 && context.VisibleText.Trim().Length < NothingElseTextLength, _limits.MaxArchiveDecompressedBytes);
        foreach (var attachment in context.Attachments.OrderBy(a => a.Size))
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckContent(attachment, message);
        }

        return ValueTask.CompletedTask;
    }

    private static void CheckName(MessageAttachment a, SignalCollector signals)
    {
        var name = a.FileName;
        if (name.Length == 0)
        {
            return;
        }

        if (name.Any(TextSanitizer.IsBidiControl))
        {
            signals.Add(RtlOverrideName, "An attachment's name reverses the display order of its characters to fake its extension.", a.Location, name);
        }

        var extension = FileNames.Extension(name);
        if (FileNames.Executable.Contains(extension))
        {
            // A shortcut to a web page is a link in a file; one to a file: address, a network share or another protocol
            // handler (or with a network icon) runs or fetches code, as the .url attacks of 2023-2024 did.
            if (extension == "url" && InternetShortcut.WebAddress(a.Content.Span) is { } address)
            {
                signals.Add(WebShortcut, $"The attachment {name} is an Internet Shortcut to {TextSanitizer.ForDisplay(address, 200)}.", a.Location, address);
            }
            else
            {
                signals.Add(DangerousExtension, $"The attachment {name} has the .{extension} extension.", a.Location, name);
            }

            CheckDoubleExtension(a, name, extension, signals);
        }
        else if (FileNames.InterpreterScript.Contains(extension))
        {
            // A Unix script (#!) of that name is reported by its content, with the same weight.
            if (!FileTypeSniffer.IsShebangScript(a.Content.Span))
            {
                signals.Add(DangerousExtension, $"The attachment {name} is a .{extension} script: it runs on a double click where its interpreter is installed.", a.Location, name, weight: InterpreterScriptWeight);
            }

            CheckDoubleExtension(a, name, extension, signals);
        }

        if (FileNames.MacroEnabled.Contains(extension))
        {
            signals.Add(TypeMismatch, $"The attachment {name} is a macro-enabled Office format (.{extension}).", a.Location, name, weight: 15);
        }
    }

    private static void CheckDoubleExtension(MessageAttachment a, string name, string extension, SignalCollector signals)
    {
        var inner = FileNames.InnerExtension(name);
        if (FileNames.Decoy.Contains(inner))
        {
            signals.Add(DoubleExtension, $"The attachment {name} poses as .{inner} but is .{extension}.", a.Location, name);
        }
    }

    private void CheckContent(MessageAttachment a, MessageState message)
    {
        var signals = message.Signals;
        var kind = a.TrueKind;
        var extension = FileNames.Extension(a.FileName);
        switch (kind)
        {
            case FileKind.Script when FileTypeSniffer.IsShebangScript(a.Content.Span) && !FileNames.Executable.Contains(extension):
                // A Unix script (#!) under a name no mail client runs (none, .sh, .pl, .py...): code, but it runs only once
                // saved, made executable and started from a shell. Developers share such scripts on mailing lists.
                signals.Add(Executable, $"The attachment {Display(a)} is a Unix script (#!): it runs once saved, made executable and started from a shell.", a.Location, $"{kind} sha256:{a.Sha256}", weight: UnixScriptWeight);
                break;
            case FileKind.WindowsExecutable or FileKind.ElfExecutable or FileKind.MachOExecutable or FileKind.Script or FileKind.WindowsShortcut:
                signals.Add(Executable, $"The attachment {Display(a)} is a {Describe(kind)}.", a.Location, $"{kind} sha256:{a.Sha256}");
                break;
            case FileKind.DiskImage:
                signals.Add(DiskImage, $"The attachment {Display(a)} is a disk image.", a.Location, $"sha256:{a.Sha256}");
                break;
            case FileKind.OleDocument:
                if (OfficeMacros.OleHasVba(a.Content.Span))
                {
                    signals.Add(Macro, $"The document {Display(a)} carries VBA macros.", a.Location, $"sha256:{a.Sha256}");
                }

                CheckOleObjects(new(a, null), Display(a), a.Content.Span, signals);
                break;
            case FileKind.Rtf:
                CheckRtf(new(a, null), a.Content.Span, signals);
                break;
            case FileKind.Pdf:
                // Objects in compressed object streams are inflated within one budget for the message's PDFs.
                message.PdfBudget -= CheckPdf(new(a, null), a.Content, message.PdfBudget, signals);
                break;
            case FileKind.Html when PageKindOf(a) != PageKind.Svg:
                CheckHtml(new(a, null), a.Content, signals);
                break;
            case FileKind.Zip or FileKind.OfficeOpenXml or FileKind.Gzip or FileKind.Tar or FileKind.Rar or FileKind.SevenZip or FileKind.Cab:
                CheckArchive(a, message);
                break;
        }

        // A file named or declared as a page opens in the browser whatever its first bytes look like (a header line, a
        // picture's signature, a PDF's marker before the markup): it is read as a page too.
        switch (PageKindOf(a))
        {
            case PageKind.Svg:
                CheckSvg(new(a, null), a.Content.Span, signals);
                break;
            case PageKind.Html when kind != FileKind.Html:
                CheckHtml(new(a, null), a.Content, signals);
                break;
        }

        var declaredMismatch = kind is FileKind.WindowsExecutable or FileKind.ElfExecutable or FileKind.MachOExecutable or FileKind.Script or FileKind.Html
            && a.DeclaredContentType is "application/pdf" or "image/jpeg" or "image/png" or "text/plain" or "application/msword" or "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            && !(a.DeclaredContentType == "text/plain" && FileTypeSniffer.IsShebangScript(a.Content.Span)); // a Unix script is plain text
        if (extension.Length > 0 && FileNames.Fits(extension, kind) == false || declaredMismatch)
        {
            signals.Add(TypeMismatch, $"The attachment {Display(a)} is declared as {a.DeclaredContentType}{(extension.Length > 0 ? " / ." + extension : string.Empty)} but its content is {Describe(kind)}.", a.Location, $"{a.DeclaredContentType} vs {kind}");
        }
    }

    private void CheckArchive(MessageAttachment a, MessageState message)
    {
        var signals = message.Signals;
        var listing = ArchiveInspector.Inspect(a.Content, _limits, a.FileName, file => CheckFile(a, file, message));
        if (listing.Error is not null)
        {
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} cannot be read: {listing.Error}", a.Location, $"sha256:{a.Sha256}");
            return;
        }

        if (listing.NotUnpacked)
        {
            // No decoder is shipped for its content (7-Zip, RAR, CAB); its names are listed where its headers show them.
            // Alone in a message that says next to nothing, or under a name that poses as a document or a program, an
            // archive whose content cannot be seen is how malware is mailed past scanners.
            var inner = FileNames.InnerExtension(a.FileName);
            var posing = FileNames.Decoy.Contains(inner) || FileNames.Executable.Contains(inner);
            var weight = message.ComesAlone || posing ? UnopenedArchiveAloneWeight : UnopenedArchiveWeight;
            var what = listing.Unlisted ? "cannot be listed, so its content is unknown" : "cannot be unpacked: its files are known by name only";
            var why = posing ? $", and its name poses as .{inner}" : message.ComesAlone ? ", and the message has little else to read" : string.Empty;
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} (a {Describe(a.TrueKind)}) {what}{why}.", a.Location, $"sha256:{a.Sha256}", weight: weight);
        }

        if (listing.Damaged is not null)
        {
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} is damaged: {listing.Damaged}.", a.Location, $"sha256:{a.Sha256}");
        }

        if (listing.LimitHit is not null)
        {
            // Whatever lies past the limit was not inspected, or by name only: say so rather than pass it silently.
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} was only partly inspected: it has {listing.LimitHit}.", a.Location, $"sha256:{a.Sha256}", weight: LimitHitWeight);
        }

        if (listing.Bomb is not null)
        {
            signals.Add(ArchiveBomb, $"The archive {Display(a)} is a decompression bomb: {listing.Bomb}.", a.Location, listing.Bomb);
        }

        if (listing.HasEncrypted)
        {
            var encrypted = listing.Entries.Where(e => e.IsEncrypted).Take(5).Select(e => e.Name).ToList();
            signals.Add(ArchiveEncrypted, $"The archive {Display(a)} has password-protected {(encrypted.Count > 0 ? "entries" : "headers")}.", a.Location, encrypted.Count > 0 ? string.Join(", ", encrypted) : $"sha256:{a.Sha256}");
        }

        // Programs first, then the scripts that weigh less: the signal's sentence is the first one's.
        foreach (var lesser in (bool[])[false, true])
        {
            foreach (var entry in listing.Entries)
            {
                CheckEntryName(a, entry, entry.Name, lesser, signals);
                if (entry.OtherName is { } other)
                {
                    // Extractors disagree on its name (Info-ZIP Unicode Path, gzip's recorded name): both are checked.
                    CheckEntryName(a, entry, other, lesser, signals);
                }
            }
        }

        foreach (var (part, what) in listing.Macros)
        {
            signals.Add(Macro, $"The document {Display(a)} carries macros: {part} is {what}.", a.Location, part);
        }

        foreach (var (document, threat) in listing.DocumentThreats)
        {
            // The evidence already names the document inside the archive, when it is one.
            var which = document.Length == 0 ? Display(a) : $"{TextSanitizer.ForDisplay(document, 120)} in {Display(a)}";
            AddDocumentThreat(new(a, null), which, threat, signals);
        }

        foreach (var (document, type) in listing.MacroEnabledTypes)
        {
            // The name already says so when it is .docm, .xlsm...: the same note, with the content type as evidence.
            var which = document.Length == 0 ? $"The document {Display(a)}" : $"The document {document} in {Display(a)}";
            signals.Add(TypeMismatch, $"{which} is a macro-enabled Office document by its content types.", a.Location, document.Length == 0 ? type : $"{document}: {type}", weight: 15);
        }
    }

    /// <summary>Checks an entry's name (and type): in the first pass (<paramref name="lesser"/> false) for what weighs in
    /// full, in the second for the scripts that weigh less, and for bidi controls.</summary>
    private static void CheckEntryName(MessageAttachment a, ArchiveEntryInfo entry, string name, bool lesser, SignalCollector signals)
    {
        var entryExtension = FileNames.Extension(name);

        // As for an attachment, a program, a script that runs when opened or a runnable name weighs in full; a Unix script
        // (#!) or a Python script under a name no mail client runs weighs less: source archives hold them.
        var fullWeight = FileNames.Executable.Contains(entryExtension)
            || entry.Kind is FileKind.WindowsExecutable or FileKind.ElfExecutable or FileKind.MachOExecutable or FileKind.WindowsShortcut
            || (entry.Kind == FileKind.Script && !entry.IsUnixScript);
        var lessWeight = !fullWeight && (entry.IsUnixScript || FileNames.InterpreterScript.Contains(entryExtension));
        if (lesser ? lessWeight : fullWeight)
        {
            double? weight = fullWeight ? null : Math.Min(UnixScriptWeight, InterpreterScriptWeight);
            var kind = entry.Kind != FileKind.Unknown ? $" ({Describe(entry.Kind)})" : string.Empty;
            var holds = name == entry.Name ? $"{name}{kind}" : $"{entry.Name}{kind}, which some extractors name {name}";
            signals.Add(ArchiveExecutable, $"The archive {Display(a)} holds {holds}.", a.Location, name == entry.Name ? name : $"{entry.Name} -> {name}", weight: weight);
            var inner = FileNames.InnerExtension(name);
            if (FileNames.Decoy.Contains(inner))
            {
                signals.Add(DoubleExtension, $"A file in the archive {Display(a)} poses as .{inner}: {holds}.", a.Location, name);
            }
        }

        if (!lesser && name.Any(TextSanitizer.IsBidiControl))
        {
            signals.Add(RtlOverrideName, $"A file in the archive {Display(a)} reverses its name's display order.", a.Location, name);
        }
    }

    /// <summary>Runs the content checks on a file inside an archive: the same as on an attachment (pages, SVG images,
    /// PDFs, legacy Office documents), the evidence naming the file by its path in the archive.</summary>
    /// <returns>The bytes the checks decompressed (a PDF's object streams).</returns>
    private long CheckFile(MessageAttachment a, ArchiveFile file, MessageState message)
    {
        var signals = message.Signals;
        var subject = new Subject(a, file.Name);
        var extension = FileNames.Extension(file.Name);
        var svg = extension == "svg";
        if ((svg || file.Kind == FileKind.Html || FileNames.WebPage.Contains(extension)) && file.Content.Length > message.PageBudget)
        {
            // Pages cost the most to read: the message's archives may hand over so many bytes of them, no more.
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} was only partly inspected: its pages, with those of the message's other archives, are over {MaxArchivePageBytes:N0} bytes; {file.Name} was not read.", a.Location, file.Name, weight: LimitHitWeight);
        }
        else if (svg)
        {
            message.PageBudget -= file.Content.Length;
            CheckSvg(subject, file.Content.Span, signals);
        }
        else if (file.Kind == FileKind.Html || FileNames.WebPage.Contains(extension))
        {
            message.PageBudget -= file.Content.Length;
            CheckHtml(subject, file.Content, signals);
        }

        if (file.InPackage)
        {
            // An OLE object inside an Office document (word/embeddings/oleObject1.bin): the document's macros are found
            // from its content types and relationships, and the object is checked for the file it carries.
            CheckOleObjects(subject, $"{Display(a)} (its part {TextSanitizer.ForDisplay(file.Name, 120)})", file.Content.Span, signals);
            return 0;
        }

        if (file.Kind == FileKind.OleDocument)
        {
            if (OfficeMacros.OleHasVba(file.Content.Span))
            {
                signals.Add(Macro, $"The document {file.Name} in the archive {Display(a)} carries VBA macros.", a.Location, file.Name);
            }

            CheckOleObjects(subject, $"{TextSanitizer.ForDisplay(file.Name, 120)} in the archive {Display(a)}", file.Content.Span, signals);
        }
        else if (file.Kind == FileKind.Rtf)
        {
            CheckRtf(subject, file.Content.Span, signals);
        }

        return file.Kind == FileKind.Pdf ? CheckPdf(subject, file.Content, file.Budget, signals) : 0;
    }

    /// <summary>Checks an OLE compound file (a legacy Office document, or an OLE object inside an Office Open XML
    /// document) for the files its OLE packages (<c>\x01Ole10Native</c> streams) carry: one whose name runs code
    /// raises <see cref="EmbeddedFile"/>. Packages of other names (a PDF or a spreadsheet shown as an icon) are common
    /// in genuine documents and are not counted.</summary>
    private static void CheckOleObjects(Subject subject, string document, ReadOnlySpan<byte> content, SignalCollector signals)
    {
        if (!OfficeObjects.HasPackageStream(content))
        {
            return;
        }

        foreach (var path in OfficeObjects.PackagedFiles(content))
        {
            var file = OfficeObjects.FileName(path);
            if (FileNames.Executable.Contains(FileNames.Extension(file)))
            {
                AddDocumentThreat(subject, document, new(DocumentThreatKind.DangerousPackage, $"embeds {TextSanitizer.ForDisplay(file, 120)} (an OLE package), which runs when its icon is opened", file), signals);
                return;
            }
        }
    }

    /// <summary>Checks an RTF document for objects that run or fetch code on open and for a remote template
    /// (<see cref="RtfScanner"/>).</summary>
    private static void CheckRtf(Subject subject, ReadOnlySpan<byte> content, SignalCollector signals)
    {
        var document = subject.Entry is null ? Display(subject.Attachment) : $"{TextSanitizer.ForDisplay(subject.Entry, 120)} in the archive {Display(subject.Attachment)}";
        foreach (var threat in RtfScanner.Scan(content))
        {
            AddDocumentThreat(subject, document, threat, signals);
        }
    }

    /// <summary>Raises the signal for what a document does on open or carries to be run, at the weight of its kind.</summary>
    private static void AddDocumentThreat(Subject subject, string document, DocumentThreat threat, SignalCollector signals)
    {
        var (signal, weight) = threat.Kind switch
        {
            DocumentThreatKind.RemoteContent => (RemoteTemplate, (double?)null),
            DocumentThreatKind.RemoteShareContent => (RemoteTemplate, RemoteShareWeight),
            DocumentThreatKind.RemoteTemplateFile => (RemoteTemplate, RemoteTemplateFileWeight),
            DocumentThreatKind.Exploit => (OfficeExploit, null),
            DocumentThreatKind.ObjectUpdate => (OfficeExploit, ObjectUpdateWeight),
            DocumentThreatKind.DangerousPackage => (EmbeddedFile, null),
            _ => (EmbeddedFile, PackagedFileWeight),
        };
        var evidence = subject.Entry is null ? threat.Evidence : $"{subject.Entry}: {threat.Evidence}";
        signals.Add(signal, $"The document {document} {threat.What}.", subject.Location, evidence, weight: weight);
    }

    /// <returns>The bytes inflated from the PDF's object streams.</returns>
    private static long CheckPdf(Subject subject, ReadOnlyMemory<byte> pdf, long budget, SignalCollector signals)
    {
        var found = PdfScanner.FindActiveContent(pdf, budget, out var inflated);
        if (found.Count > 0)
        {
            var name = subject.Entry is null ? Display(subject.Attachment) : $"{subject.Entry} in the archive {Display(subject.Attachment)}";
            signals.Add(PdfActiveContent, $"The PDF {name} uses {string.Join(", ", found)}.", subject.Location, subject.Entry is null ? string.Join(" ", found) : $"{subject.Entry}: {string.Join(" ", found)}");
        }

        return inflated;
    }

    /// <summary>Tells how a file opens in the browser by its name, then its declared type: as an SVG image, as a web
    /// page, or not at all.</summary>
    private static PageKind PageKindOf(MessageAttachment a)
    {
        var extension = FileNames.Extension(a.FileName);
        if (extension == "svg")
        {
            return PageKind.Svg;
        }

        if (FileNames.WebPage.Contains(extension))
        {
            return PageKind.Html;
        }

        return FileNames.IsSvg(string.Empty, a.DeclaredContentType) ? PageKind.Svg
            : FileNames.IsWebPage(string.Empty, a.DeclaredContentType) ? PageKind.Html
            : PageKind.None;
    }

    /// <summary>Runs the HTML checks on a page: an HTML attachment, or a page in an archive. The whole page is read (it
    /// is within the message size limit): a form after megabytes of padding is still a form. An MHTML archive
    /// (<c>.mht</c>) is read as the browser reads it, through its HTML parts.</summary>
    private void CheckHtml(Subject subject, ReadOnlyMemory<byte> content, SignalCollector signals)
    {
        signals.Add(HtmlAttachment, $"The {subject.Label} is an HTML page.", subject.Location, subject.Evidence);
        foreach (var html in PageTexts(subject, content))
        {
            var extraction = HtmlTextExtractor.Extract(html, subject.Location, LinkSource.Attachment);
            CheckCredentials(subject, html, extraction, signals);
        }
    }

    /// <summary>Runs the checks for an SVG image: script (a script element, an event handler, a <c>javascript:</c>
    /// address) makes it active content; an embedded HTML page (<c>foreignObject</c>) makes it a page, whose forms are
    /// checked like an HTML attachment's.</summary>
    private static void CheckSvg(Subject subject, ReadOnlySpan<byte> content, SignalCollector signals)
    {
        var svg = DecodeText(content);
        var extraction = HtmlTextExtractor.Extract(svg, subject.Location, LinkSource.Attachment);
        if (extraction.HasScript || svg.Contains("<script", StringComparison.OrdinalIgnoreCase) || HasJavaScriptAddress(svg))
        {
            signals.Add(SvgScript, $"The SVG image {subject.Label.Replace("attachment ", string.Empty, StringComparison.Ordinal)} runs script when opened.", subject.Location, subject.Evidence);
        }

        if (svg.Contains("foreignObject", StringComparison.OrdinalIgnoreCase))
        {
            signals.Add(HtmlAttachment, $"The {subject.Label} is an SVG image that embeds an HTML page.", subject.Location, subject.Evidence);
        }

        CheckCredentials(subject, svg, extraction, signals);
    }

    private static void CheckCredentials(Subject subject, string html, HtmlExtraction extraction, SignalCollector signals)
    {
        foreach (var form in extraction.Forms)
        {
            if (form.HasPasswordField)
            {
                signals.Add(HtmlCredentialForm, $"The HTML {subject.Label} asks for a password and sends it to {(form.Action.Length > 0 ? form.Action : "a script")}.", subject.Location, subject.Entry is null ? $"{form.Method.ToUpperInvariant()} {form.Action}" : $"{subject.Entry}: {form.Method.ToUpperInvariant()} {form.Action}");
            }
        }

        if (extraction.HasScript && html.Contains("password", StringComparison.OrdinalIgnoreCase) && !signals.Contains(HtmlCredentialForm.Id))
        {
            signals.Add(HtmlCredentialForm, $"The HTML {subject.Label} builds a password prompt with script.", subject.Location, subject.Evidence);
        }
    }

    /// <summary>Tells whether an attribute's value is a <c>javascript:</c> address (<c>href="javascript:..."</c>, an
    /// animation's <c>to='javascript:...'</c>): the text before it, blank space aside, ends with a quote or an equals
    /// sign. A text that merely mentions the scheme does not count.</summary>
    private static bool HasJavaScriptAddress(string text)
    {
        for (var at = text.IndexOf("javascript:", StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf("javascript:", at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = text.AsSpan(0, at).TrimEnd(" \t\r\n");
            if (before.Length > 0 && before[^1] is '"' or '\'' or '=')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the HTML a browser shows for a page: its text, or for an MHTML archive (<c>.mht</c>,
    /// <c>.mhtml</c>), the decoded text of each of its HTML parts (the raw text when it has none).</summary>
    private List<string> PageTexts(Subject subject, ReadOnlyMemory<byte> content)
    {
        var name = subject.Entry ?? subject.Attachment.FileName;
        if (FileNames.Extension(name) is "mht" or "mhtml" && MhtmlPages(content) is { Count: > 0 } pages)
        {
            return pages;
        }

        return [DecodeText(content.Span)];
    }

    /// <summary>Reads an MHTML archive's HTML parts (at most <see cref="MaxMhtmlPages"/>), decoded from their transfer
    /// encoding (MHTML pages are quoted-printable or base64) and charset.</summary>
    private List<string> MhtmlPages(ReadOnlyMemory<byte> content)
    {
        var pages = new List<string>();
        try
        {
            var options = ParserOptions.Default.Clone();
            options.MaxMimeDepth = _limits.MaxMimeDepth;
            using var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
                ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
                : new MemoryStream(content.ToArray(), writable: false);
            var pending = new Stack<MimeEntity>();
            pending.Push(new MimeParser(options, stream, MimeFormat.Entity).ParseEntity());
            var parts = 0;
            while (pending.Count > 0 && ++parts <= _limits.MaxParts && pages.Count < MaxMhtmlPages)
            {
                switch (pending.Pop())
                {
                    case Multipart multipart:
                        for (var i = multipart.Count - 1; i >= 0; i--)
                        {
                            pending.Push(multipart[i]);
                        }

                        break;
                    case TextPart { IsHtml: true } html:
                        pages.Add(html.Text ?? string.Empty);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is FormatException or ParseException or IOException or ArgumentException)
        {
            // Not MIME after all: the raw text is read instead.
        }

        return pages;
    }

    /// <summary>Decodes a page's bytes as a browser would without a declared charset: by its byte-order mark (UTF-16
    /// pages are read as such), else as UTF-8.</summary>
    private static string DecodeText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        return Encoding.UTF8.GetString(bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes);
    }

    /// <summary>What one message's content checks share: the signals, whether the attachment comes with nothing else,
    /// and what is left of the budget for inflating PDF object streams.</summary>
    private sealed class MessageState(SignalCollector signals, bool comesAlone, long pdfBudget)
    {
        public SignalCollector Signals { get; } = signals;

        /// <summary>Gets a value indicating whether the message has one attachment and next to no text.</summary>
        public bool ComesAlone { get; } = comesAlone;

        public long PdfBudget { get; set; } = pdfBudget;

        /// <summary>Gets or sets how many bytes of pages found in the message's archives may still be read.</summary>
        public long PageBudget { get; set; } = MaxArchivePageBytes;
    }

    /// <summary>The most bytes of pages (HTML, SVG) found inside one message's archives that are read: reading a page
    /// costs far more than sniffing or scanning bytes, and archives inflate cheaply.</summary>
    private const int MaxArchivePageBytes = 16 * 1024 * 1024;

    /// <summary>The most characters of visible text a message may have for an attachment to come with nothing else.</summary>
    private const int NothingElseTextLength = 200;

    /// <summary>The most HTML parts of one MHTML archive that are read.</summary>
    private const int MaxMhtmlPages = 16;

    /// <summary>How a file opens in the browser.</summary>
    private enum PageKind
    {
        None,
        Html,
        Svg,
    }

    /// <summary>The file a content check reads: an attachment, or a file inside an archive attachment.</summary>
    /// <param name="Attachment">The attachment.</param>
    /// <param name="Entry">The file's path inside the archive, or <see langword="null"/> for the attachment itself.</param>
    private readonly record struct Subject(MessageAttachment Attachment, string? Entry)
    {
        /// <summary>Gets how sentences name the file: <c>attachment invoice.html</c>, or <c>file invoice.html in the
        /// archive invoice.zip</c>.</summary>
        public string Label => Entry is null ? $"attachment {Display(Attachment)}" : $"file {TextSanitizer.ForDisplay(Entry, 120)} in the archive {Display(Attachment)}";

        public string Location => Attachment.Location;

        /// <summary>Gets the evidence naming the file: the entry's path, or the attachment's hash.</summary>
        public string Evidence => Entry ?? $"sha256:{Attachment.Sha256}";
    }

    private static string Display(MessageAttachment a) => a.FileName.Length > 0 ? TextSanitizer.ForDisplay(a.FileName, 80) : "(unnamed " + a.DeclaredContentType + ")";

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.WindowsExecutable => "Windows program",
        FileKind.ElfExecutable => "Linux program",
        FileKind.MachOExecutable => "macOS program",
        FileKind.Script => "script",
        FileKind.WindowsShortcut => "Windows shortcut",
        FileKind.Unknown => "of unknown type",
        FileKind.SevenZip => "7-Zip archive",
        FileKind.Rar => "RAR archive",
        FileKind.Cab => "CAB archive",
        FileKind.Gzip => "gzip stream",
        FileKind.Tar => "tar archive",
        FileKind.OleDocument => "OLE document",
        FileKind.OfficeOpenXml => "Office document",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
