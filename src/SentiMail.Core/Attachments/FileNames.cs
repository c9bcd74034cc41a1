using System.Collections.Frozen;

namespace SentiMail.Attachments;

/// <summary>Facts about file names: dangerous extensions, double extensions, extensions expected for a true type.</summary>
public static class FileNames
{
    /// <summary>Extensions that run code when opened on Windows, macOS or Linux desktops, or that make the system
    /// fetch, install or connect to what the file names: remote desktop (<c>.rdp</c>), themes and search connectors
    /// that reach a network share, App Installer files, pinned-site shortcuts (<c>.website</c>), Windows Sandbox
    /// configurations, Access applications, Java Web Start, MHTML pages, OneNote packages, Linux desktop entries and
    /// macOS disk images and installers.</summary>
    public static FrozenSet<string> Executable { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "exe", "scr", "com", "pif", "cpl", "msi", "msp", "mst", "dll", "sys", "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe",
        "js", "jse", "wsf", "wsh", "wsc", "hta", "lnk", "jar", "reg", "inf", "scf", "url", "application", "gadget", "msc",
        "sct", "chm", "appx", "appxbundle", "msix", "msixbundle", "appref-ms", "sh", "command", "app", "run", "elf", "xll",
        "iqy", "slk", "settingcontent-ms", "library-ms", "search-ms", "diagcab", "one", "ws", "cab", "xbap", "vhd", "vhdx",
        "iso", "img", "udf",
        "rdp", "theme", "themepack", "deskthemepack", "searchconnector-ms", "appinstaller", "website", "wsb", "jnlp",
        "accde", "accdr", "mde", "mda", "ade", "adp", "mht", "mhtml", "pyw", "ps1xml", "ps2", "ps2xml", "psc1", "psc2",
        "msh", "msh1", "msh2", "mshxml", "msh1xml", "msh2xml", "xlm", "onepkg", "msu", "hlp", "shb", "shs", "htc", "xnk",
        "printerexport", "desktop", "dmg", "pkg", "mpkg");

    // The names a Windows program may carry without lying about what it is.
    private static readonly FrozenSet<string> s_programs = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "exe", "scr", "com", "pif", "cpl", "msi", "msp", "mst", "dll", "sys", "bat", "cmd", "ps1", "psm1", "psd1", "vbe",
        "jse", "wsf", "wsh", "wsc", "hta", "jar", "reg", "inf", "scf", "url", "application", "gadget", "msc",
        "sct", "chm", "appx", "appxbundle", "msix", "msixbundle", "appref-ms", "sh", "command", "app", "run", "elf", "xll",
        "iqy", "slk", "settingcontent-ms", "library-ms", "search-ms", "diagcab", "one", "ws", "cab", "xbap", "vhd", "vhdx",
        "udf");

    /// <summary>Extensions of scripts that run on a double click only where their interpreter is installed, and that
    /// developers mail to each other (<c>.py</c>): a weaker sign than <see cref="Executable"/>.</summary>
    public static FrozenSet<string> InterpreterScript { get; } = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "py");

    /// <summary>Office formats that can carry macros (add-ins included).</summary>
    public static FrozenSet<string> MacroEnabled { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "sldm", "xlsb", "xla", "ppam", "ppa");

    /// <summary>Extensions of files that open in the browser as a web page: HTML, XHTML, server-side-include pages and
    /// MHTML archives. An SVG image (<see cref="IsSvg"/>) opens there too.</summary>
    public static FrozenSet<string> WebPage { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "htm", "html", "shtml", "shtm", "xhtml", "xht", "mht", "mhtml");

    /// <summary>Extensions of harmless-looking documents that double extensions imitate.</summary>
    public static FrozenSet<string> Decoy { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "jpg", "jpeg", "png", "gif", "csv", "odt", "ods", "html", "htm", "mp3", "mp4", "zip");

    /// <summary>Returns the extension of a file name, lowercase and without the dot, or an empty string.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>The extension.</returns>
    public static string Extension(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName.TrimEnd(' ', '.', '\u0000');
        var dot = name.LastIndexOf('.');
        return dot < 0 || dot == name.Length - 1 ? string.Empty : name[(dot + 1)..].ToLowerInvariant();
    }

    /// <summary>Returns the extension before the last one (<c>pdf</c> for <c>invoice.pdf.exe</c>), or an empty string.</summary>
    /// <param name="fileName">The file name.</param>
    /// <returns>The inner extension.</returns>
    public static string InnerExtension(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = fileName.TrimEnd(' ', '.', '\u0000');
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return string.Empty;
        }

        return Extension(name[..dot].TrimEnd(' ', '_'));
    }

    /// <summary>Tells whether a file opens in the browser as a web page by its name (<see cref="WebPage"/>) or its
    /// declared type (<c>text/html</c>, <c>application/xhtml+xml</c>), whatever its first bytes show.</summary>
    /// <param name="fileName">The file name, or an empty string.</param>
    /// <param name="declaredContentType">The declared MIME type, lowercase.</param>
    /// <returns><see langword="true"/> for a web page.</returns>
    public static bool IsWebPage(string fileName, string declaredContentType)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(declaredContentType);
        return WebPage.Contains(Extension(fileName)) || declaredContentType is "text/html" or "application/xhtml+xml";
    }

    /// <summary>Tells whether a file is an SVG image by its name (<c>.svg</c>) or its declared type
    /// (<c>image/svg+xml</c>): a browser opens it as a document that can run script and hold an HTML page.</summary>
    /// <param name="fileName">The file name, or an empty string.</param>
    /// <param name="declaredContentType">The declared MIME type, lowercase.</param>
    /// <returns><see langword="true"/> for an SVG image.</returns>
    public static bool IsSvg(string fileName, string declaredContentType)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(declaredContentType);
        return Extension(fileName) == "svg" || declaredContentType == "image/svg+xml";
    }

    /// <summary>Tells whether a declared extension fits a sniffed type; <see langword="null"/> when the type says nothing.</summary>
    /// <param name="extension">The extension, lowercase without dot.</param>
    /// <param name="kind">The sniffed type.</param>
    /// <returns>Whether they fit, or <see langword="null"/> when unknown.</returns>
    public static bool? Fits(string extension, FileKind kind)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return kind switch
        {
            FileKind.Pdf => extension == "pdf",
            FileKind.WindowsExecutable => s_programs.Contains(extension),
            FileKind.Zip => extension is "zip" or "jar" or "apk" or "epub" or "odt" or "ods" or "odp" or "kmz" or "xpi" or "nupkg" or "whl" or "ipa" or "appx" or "msix",
            FileKind.OfficeOpenXml => extension.Length >= 3 && (extension.StartsWith("doc", StringComparison.Ordinal) || extension.StartsWith("xl", StringComparison.Ordinal) || extension.StartsWith("pp", StringComparison.Ordinal) || extension.StartsWith("dot", StringComparison.Ordinal) || extension.StartsWith("pot", StringComparison.Ordinal) || extension is "vsdx" or "zip"),
            FileKind.OleDocument => extension is "doc" or "xls" or "ppt" or "msg" or "msi" or "dot" or "xlt" or "pot" or "pps" or "vsd" or "pub" or "one" or "mpp" or "xla" or "ppa",
            FileKind.Image => extension is "png" or "jpg" or "jpeg" or "gif" or "bmp" or "webp" or "tif" or "tiff" or "jfif",
            FileKind.Rtf => extension is "rtf" or "doc",
            FileKind.Rar => extension == "rar",
            FileKind.SevenZip => extension == "7z",
            FileKind.Gzip => extension is "gz" or "tgz" or "svgz",
            FileKind.Tar => extension is "tar" or "ova",
            FileKind.Cab => extension is "cab" or "onepkg" or "msu" or "themepack" or "deskthemepack",
            _ => null,
        };
    }
}
