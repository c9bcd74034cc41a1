using System.Globalization;
using System.Text;
using SentiMail.Attachments;
using SentiMail.Context;
using SentiMail.Html;
using SentiMail.Parsing;
using SentiMail.Signals;
using SentiMail.Text;

namespace SentiMail.Analyzers;

/// <summary>
/// Checks attachments by their true type (magic bytes), not their names: executables, dangerous and double
/// extensions, right-to-left-override names, declared-versus-true type mismatches, Office macros, PDF active content,
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

    /// <summary>PDF that runs JavaScript or launches programs.</summary>
    public static readonly SignalDefinition PdfActiveContent = new(
        "attachment.pdf-active-content", SignalCategory.Attachments, 30, "A PDF runs JavaScript, launches a program or embeds files when opened.");

    /// <summary>HTML attachment asking for a password.</summary>
    public static readonly SignalDefinition HtmlCredentialForm = new(
        "attachment.html-credential-form", SignalCategory.Attachments, 45, "An HTML attachment shows a login form, a classic way to steal passwords offline of any link filter.");

    /// <summary>An HTML attachment.</summary>
    public static readonly SignalDefinition HtmlAttachment = new(
        "attachment.html", SignalCategory.Attachments, 12, "An attachment is an HTML page, which opens in a browser from a local file.");

    /// <summary>An archive holds an executable.</summary>
    public static readonly SignalDefinition ArchiveExecutable = new(
        "attachment.archive-executable", SignalCategory.Attachments, 55, "An archive attachment holds a program or script.");

    /// <summary>An archive has encrypted entries.</summary>
    public static readonly SignalDefinition ArchiveEncrypted = new(
        "attachment.archive-encrypted", SignalCategory.Attachments, 20, "An archive attachment is password-protected, which hides its content from scanners.");

    /// <summary>A decompression bomb.</summary>
    public static readonly SignalDefinition ArchiveBomb = new(
        "attachment.archive-bomb", SignalCategory.Attachments, 35, "An archive attachment expands to an absurd size (decompression bomb); it was not unpacked.");

    /// <summary>A broken archive.</summary>
    public static readonly SignalDefinition ArchiveUnreadable = new(
        "attachment.archive-unreadable", SignalCategory.Attachments, 10, "An archive attachment is corrupt or truncated, which can hide its content from scanners.");

    /// <summary>A disk image.</summary>
    public static readonly SignalDefinition DiskImage = new(
        "attachment.disk-image", SignalCategory.Attachments, 35, "An attachment is a disk image (ISO, IMG, VHD), used to smuggle programs past protections.");

    private static readonly IReadOnlyList<SignalDefinition> s_signals =
    [
        Executable, DangerousExtension, WebShortcut, DoubleExtension, RtlOverrideName, TypeMismatch, Macro, PdfActiveContent,
        HtmlCredentialForm, HtmlAttachment, ArchiveExecutable, ArchiveEncrypted, ArchiveBomb, ArchiveUnreadable, DiskImage,
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
            cancellationToken.ThrowIfCancellationRequested();
            CheckName(attachment, signals);
            CheckContent(attachment, signals);
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

    private void CheckContent(MessageAttachment a, SignalCollector signals)
    {
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

                break;
            case FileKind.Pdf:
                CheckPdf(a, signals);
                break;
            case FileKind.Html:
                CheckHtml(a, signals);
                break;
            case FileKind.Zip or FileKind.OfficeOpenXml:
                CheckArchive(a, signals);
                break;
        }

        if (kind is FileKind.Rar or FileKind.SevenZip or FileKind.Cab)
        {
            // Not listed (no decoder is shipped); an archive type that mail rarely needs is still worth a note.
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} ({kind}) cannot be listed, so its content is unknown.", a.Location, $"sha256:{a.Sha256}", weight: 8);
        }

        var declaredMismatch = kind is FileKind.WindowsExecutable or FileKind.ElfExecutable or FileKind.MachOExecutable or FileKind.Script or FileKind.Html
            && a.DeclaredContentType is "application/pdf" or "image/jpeg" or "image/png" or "text/plain" or "application/msword" or "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            && !(a.DeclaredContentType == "text/plain" && FileTypeSniffer.IsShebangScript(a.Content.Span)); // a Unix script is plain text
        if (extension.Length > 0 && FileNames.Fits(extension, kind) == false || declaredMismatch)
        {
            signals.Add(TypeMismatch, $"The attachment {Display(a)} is declared as {a.DeclaredContentType}{(extension.Length > 0 ? " / ." + extension : string.Empty)} but its content is {Describe(kind)}.", a.Location, $"{a.DeclaredContentType} vs {kind}");
        }
    }

    private void CheckArchive(MessageAttachment a, SignalCollector signals)
    {
        var listing = ArchiveInspector.Inspect(a.Content, _limits);
        if (listing.Error is not null)
        {
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} cannot be read: {listing.Error}", a.Location, $"sha256:{a.Sha256}");
            return;
        }

        if (listing.LimitHit is not null)
        {
            // Whatever lies past the limit was not inspected: say so rather than pass it silently.
            signals.Add(ArchiveUnreadable, $"The archive {Display(a)} was only partly inspected: it has {listing.LimitHit}.", a.Location, $"sha256:{a.Sha256}");
        }

        if (listing.Bomb is not null)
        {
            signals.Add(ArchiveBomb, $"The archive {Display(a)} is a decompression bomb: {listing.Bomb}.", a.Location, listing.Bomb);
        }

        if (listing.HasEncrypted)
        {
            signals.Add(ArchiveEncrypted, $"The archive {Display(a)} has password-protected entries.", a.Location, string.Join(", ", listing.Entries.Where(e => e.IsEncrypted).Take(5).Select(e => e.Name)));
        }

        foreach (var entry in listing.Entries)
        {
            var entryExtension = FileNames.Extension(entry.Name);
            var isExecutable = entry.Kind is FileKind.WindowsExecutable or FileKind.ElfExecutable or FileKind.MachOExecutable or FileKind.Script or FileKind.WindowsShortcut
                || FileNames.Executable.Contains(entryExtension);
            var isInterpreterScript = !isExecutable && FileNames.InterpreterScript.Contains(entryExtension);
            if (isExecutable || isInterpreterScript)
            {
                signals.Add(ArchiveExecutable, $"The archive {Display(a)} holds {entry.Name}{(entry.Kind != FileKind.Unknown ? $" ({Describe(entry.Kind)})" : string.Empty)}.", a.Location, entry.Name, weight: isInterpreterScript ? InterpreterScriptWeight : null);
                var inner = FileNames.InnerExtension(entry.Name);
                if (FileNames.Decoy.Contains(inner))
                {
                    signals.Add(DoubleExtension, $"A file in the archive {Display(a)} poses as .{inner}: {entry.Name}.", a.Location, entry.Name);
                }
            }

            if (entry.Name.Any(TextSanitizer.IsBidiControl))
            {
                signals.Add(RtlOverrideName, $"A file in the archive {Display(a)} reverses its name's display order.", a.Location, entry.Name);
            }
        }

        foreach (var (part, what) in listing.Macros)
        {
            signals.Add(Macro, $"The document {Display(a)} carries macros: {part} is {what}.", a.Location, part);
        }

        foreach (var (document, type) in listing.MacroEnabledTypes)
        {
            // The name already says so when it is .docm, .xlsm...: the same note, with the content type as evidence.
            var which = document.Length == 0 ? $"The document {Display(a)}" : $"The document {document} in {Display(a)}";
            signals.Add(TypeMismatch, $"{which} is a macro-enabled Office document by its content types.", a.Location, document.Length == 0 ? type : $"{document}: {type}", weight: 15);
        }
    }

    private void CheckPdf(MessageAttachment a, SignalCollector signals)
    {
        // Objects in compressed object streams are inflated within the archive decompression budget.
        var found = PdfScanner.FindActiveContent(a.Content, _limits.MaxArchiveDecompressedBytes);
        if (found.Count > 0)
        {
            signals.Add(PdfActiveContent, $"The PDF {Display(a)} uses {string.Join(", ", found)}.", a.Location, string.Join(" ", found));
        }
    }

    private static void CheckHtml(MessageAttachment a, SignalCollector signals)
    {
        signals.Add(HtmlAttachment, $"The attachment {Display(a)} is an HTML page.", a.Location, $"sha256:{a.Sha256}");
        var html = Encoding.UTF8.GetString(a.Content.Span[..Math.Min(a.Content.Length, 2 * 1024 * 1024)]);
        var extraction = HtmlTextExtractor.Extract(html, a.Location, LinkSource.Attachment);
        foreach (var form in extraction.Forms)
        {
            if (form.HasPasswordField)
            {
                signals.Add(HtmlCredentialForm, $"The HTML attachment {Display(a)} asks for a password and sends it to {(form.Action.Length > 0 ? form.Action : "a script")}.", a.Location, $"{form.Method.ToUpperInvariant()} {form.Action}");
            }
        }

        if (extraction.HasScript && html.Contains("password", StringComparison.OrdinalIgnoreCase) && !signals.Contains(HtmlCredentialForm.Id))
        {
            signals.Add(HtmlCredentialForm, $"The HTML attachment {Display(a)} builds a password prompt with script.", a.Location, $"sha256:{a.Sha256}");
        }

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
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
