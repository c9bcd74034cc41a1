namespace SentiMail.Attachments;

/// <summary>The true type of a file, found from its first bytes (magic numbers), not from its name.</summary>
public enum FileKind
{
    /// <summary>Not recognised.</summary>
    Unknown,

    /// <summary>Plain text.</summary>
    Text,

    /// <summary>An HTML document.</summary>
    Html,

    /// <summary>A Windows PE executable or DLL (<c>MZ</c>).</summary>
    WindowsExecutable,

    /// <summary>An ELF executable.</summary>
    ElfExecutable,

    /// <summary>A Mach-O executable.</summary>
    MachOExecutable,

    /// <summary>A script: shebang, VBScript, JScript, PowerShell, batch or HTA content.</summary>
    Script,

    /// <summary>A Windows shortcut (<c>.lnk</c>).</summary>
    WindowsShortcut,

    /// <summary>An OLE compound document (legacy Office, MSI).</summary>
    OleDocument,

    /// <summary>A ZIP archive that is an Office Open XML document (docx, xlsx, pptx and macro-enabled twins).</summary>
    OfficeOpenXml,

    /// <summary>A PDF document.</summary>
    Pdf,

    /// <summary>A Rich Text Format document.</summary>
    Rtf,

    /// <summary>A ZIP archive.</summary>
    Zip,

    /// <summary>A RAR archive.</summary>
    Rar,

    /// <summary>A 7-Zip archive.</summary>
    SevenZip,

    /// <summary>A gzip stream.</summary>
    Gzip,

    /// <summary>A disk image (ISO 9660, UDF or a raw image).</summary>
    DiskImage,

    /// <summary>A CAB archive.</summary>
    Cab,

    /// <summary>An image (PNG, JPEG, GIF, BMP, WebP, TIFF).</summary>
    Image,

    /// <summary>An email message.</summary>
    Email,

    /// <summary>A tar archive (POSIX ustar, GNU or pax).</summary>
    Tar,
}
