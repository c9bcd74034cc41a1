using System.Collections.Frozen;

namespace SentiMail.Attachments;

/// <summary>Facts about file names: dangerous extensions, double extensions, extensions expected for a true type.</summary>
public static class FileNames
{
    /// <summary>Extensions that run code when opened on Windows, macOS or Linux desktops.</summary>
    public static FrozenSet<string> Executable { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "exe", "scr", "com", "pif", "cpl", "msi", "msp", "mst", "dll", "sys", "bat", "cmd", "ps1", "psm1", "psd1", "vbs", "vbe",
        "js", "jse", "wsf", "wsh", "wsc", "hta", "lnk", "jar", "reg", "inf", "scf", "url", "application", "gadget", "msc",
        "sct", "chm", "appx", "appxbundle", "msix", "msixbundle", "appref-ms", "sh", "command", "app", "run", "elf", "xll",
        "iqy", "slk", "settingcontent-ms", "library-ms", "search-ms", "diagcab", "one", "ws", "cab", "xbap", "vhd", "vhdx",
        "iso", "img", "udf");

    /// <summary>Office formats that can carry macros.</summary>
    public static FrozenSet<string> MacroEnabled { get; } = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "sldm", "xlsb");

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
            FileKind.WindowsExecutable => Executable.Contains(extension) && extension is not ("lnk" or "iso" or "img" or "js" or "vbs"),
            FileKind.Zip => extension is "zip" or "jar" or "apk" or "epub" or "odt" or "ods" or "odp" or "kmz" or "xpi" or "nupkg" or "whl" or "ipa" or "appx" or "msix",
            FileKind.OfficeOpenXml => extension.Length >= 3 && (extension.StartsWith("doc", StringComparison.Ordinal) || extension.StartsWith("xl", StringComparison.Ordinal) || extension.StartsWith("pp", StringComparison.Ordinal) || extension.StartsWith("dot", StringComparison.Ordinal) || extension.StartsWith("pot", StringComparison.Ordinal) || extension is "vsdx" or "zip"),
            FileKind.OleDocument => extension is "doc" or "xls" or "ppt" or "msg" or "msi" or "dot" or "xlt" or "pot" or "pps" or "vsd" or "pub" or "one" or "mpp",
            FileKind.Image => extension is "png" or "jpg" or "jpeg" or "gif" or "bmp" or "webp" or "tif" or "tiff" or "jfif",
            FileKind.Rtf => extension is "rtf" or "doc",
            FileKind.Rar => extension == "rar",
            FileKind.SevenZip => extension == "7z",
            FileKind.Gzip => extension is "gz" or "tgz",
            _ => null,
        };
    }
}
