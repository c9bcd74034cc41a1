using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Attachments;

/// <summary>What a document does that runs or fetches code when it is opened, or that it carries for the reader to
/// run.</summary>
internal enum DocumentThreatKind
{
    /// <summary>It fetches a template, an OLE object, a frame or a sub-document from a web address on open.</summary>
    RemoteContent,

    /// <summary>It fetches its template from a web address on open, but the template is a file without macros
    /// (<c>.dotx</c>, <c>.xltx</c>, <c>.potx</c>) on an HTTPS site named by a host name: what documents made from an
    /// organisation's template on SharePoint do (<see cref="OfficeObjects.PlainTemplateFile"/>).</summary>
    RemoteTemplateFile,

    /// <summary>It fetches such content from a network share (UNC path, <c>file://host/</c>) on open.</summary>
    RemoteShareContent,

    /// <summary>It holds an object known from exploits that run code on open without macros (Follina, Equation
    /// Editor, a URL moniker link).</summary>
    Exploit,

    /// <summary>An RTF object that updates itself on open (<c>\objupdate</c>): its server starts without a click.</summary>
    ObjectUpdate,

    /// <summary>It embeds a file (OLE Package) whose name runs code when its icon is opened.</summary>
    DangerousPackage,

    /// <summary>An RTF document embeds a file (OLE Package) of another name: Word writes it to the temporary folder
    /// when the document is opened.</summary>
    Package,
}

/// <summary>Something a document does on open or carries to be run.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="What">A phrase telling it (<c>fetches a template from https://...</c>).</param>
/// <param name="Evidence">The evidence: where in the document, and the target, class or file name.</param>
internal sealed record DocumentThreat(DocumentThreatKind Kind, string What, string Evidence);

/// <summary>
/// Reads OLE objects as far as the attachment checks need without a compound-file (CFB) reader: the file an OLE
/// Package (<c>\x01Ole10Native</c>) carries, found by a bounded scan for the package's header, and the class
/// identifiers of the Equation Editor and the URL moniker. Also tells where a link target points (the web, a network
/// share, an exploited protocol handler, or this computer).
/// </summary>
/// <remarks>The package header scan looks for the header's fixed fields (<c>00 00 03 00</c> after the original
/// path, then a length-prefixed temporary path ended by a NUL) rather than following the compound file's sector chains:
/// a stream whose first sectors are not stored one after the other can be missed. The work is linear in the bytes
/// scanned: each candidate is checked against at most <see cref="MaxPathBytes"/> bytes each way, and the bytes searched
/// and checked are bounded by <see cref="MaxScanBytes"/> (not by a count of candidates or names, which decoys before
/// the real header could use up).</remarks>
internal static class OfficeObjects
{
    /// <summary>The longest path a package header's field may hold.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>The most bytes of work one search for package headers does: the bytes searched plus the bytes
    /// each candidate's checks read (64 MiB, twice the largest message).</summary>
    public const long MaxScanBytes = 64L * 1024 * 1024;

    /// <summary>The Equation Editor 3.0's class identifier, {0002CE02-0000-0000-C000-000000000046}, as stored.</summary>
    private static readonly byte[] s_equationClsid = [0x02, 0xCE, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    /// <summary>The URL moniker's class identifier, {79EAC9E0-BAF9-11CE-8C82-00AA004BA90B}, as stored: an OLE link
    /// to a web address (CVE-2017-0199).</summary>
    private static readonly byte[] s_urlMonikerClsid = [0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B];

    /// <summary>The extensions of Office templates that cannot hold macros.</summary>
    private static readonly string[] s_plainTemplateExtensions = ["dotx", "xltx", "potx"];

    private static readonly byte[] s_ole10Native = Encoding.Unicode.GetBytes("Ole10Native");
    private static readonly byte[] s_equationNative = Encoding.Unicode.GetBytes("Equation Native");

    /// <summary>Where a link target points.</summary>
    public enum TargetKind
    {
        /// <summary>This computer, or a part of the document: nothing is fetched from elsewhere.</summary>
        Local,

        /// <summary>A web (or other network protocol) address.</summary>
        Web,

        /// <summary>A network share: a UNC path or a <c>file:</c> address with a host.</summary>
        Share,

        /// <summary>A protocol handler used to run code (Follina: <c>mhtml:</c>, <c>ms-msdt:</c>).</summary>
        Exploit,
    }

    /// <summary>Tells where a relationship or template target points.</summary>
    /// <param name="target">The target as written (XML references decoded).</param>
    /// <returns>Where it points.</returns>
    public static TargetKind Classify(string target)
    {
        var t = target.Trim().TrimStart('\0');
        if (t.StartsWith("mhtml:", StringComparison.OrdinalIgnoreCase) || t.StartsWith("ms-msdt:", StringComparison.OrdinalIgnoreCase))
        {
            return TargetKind.Exploit;
        }

        if (t.StartsWith(@"\\", StringComparison.Ordinal) || t.StartsWith("//", StringComparison.Ordinal) || t.StartsWith(@"/\", StringComparison.Ordinal) || t.StartsWith(@"\/", StringComparison.Ordinal))
        {
            return TargetKind.Share;
        }

        var colon = t.IndexOf(':', StringComparison.Ordinal);
        if (colon < 2 || !IsScheme(t.AsSpan(0, colon)))
        {
            // A relative path, or a drive letter (C:\Templates\Normal.dotm): nothing leaves the computer.
            return TargetKind.Local;
        }

        var scheme = t[..colon];
        if (!scheme.Equals("file", StringComparison.OrdinalIgnoreCase))
        {
            return TargetKind.Web;
        }

        // file://host/share/x is a share; file:///C:/x and file://localhost/C:/x are this computer; file:///\\host\x and
        // file:////host/x are shares again.
        var rest = t[(colon + 1)..].Replace('\\', '/');
        var slashes = rest.Length - rest.TrimStart('/').Length;
        rest = rest.TrimStart('/');
        if (slashes >= 4 || (slashes == 2 && !IsLocalHost(rest)))
        {
            return TargetKind.Share;
        }

        return TargetKind.Local;
    }

    /// <summary>Tells whether a template target is a macro-free template file fetched over HTTPS from a host name:
    /// the way documents made from an organisation's template on SharePoint or another web server link it. A Word,
    /// Excel or PowerPoint template without macros (<c>.dotx</c>, <c>.xltx</c>, <c>.potx</c>) is the whole address's
    /// file name; the address has no port, user name, query or fragment, and its host is a name, not an IP address.
    /// Anything else (a macro-enabled or legacy template, <c>.dotm</c>, <c>.dot</c>; an address without an extension,
    /// a page, plain HTTP, an IP address) is not.</summary>
    /// <param name="target">The target as written (XML references decoded).</param>
    /// <returns>The file's extension (<c>dotx</c>), or <see langword="null"/> when it is not such a file.</returns>
    public static string? PlainTemplateFile(string target)
    {
        var t = target.Trim();
        if (t.AsSpan().IndexOfAnyInRange('\0', ' ') >= 0 || t.Contains('\\', StringComparison.Ordinal)
            || !Uri.TryCreate(t, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || uri.HostNameType != UriHostNameType.Dns || !uri.Host.Contains('.', StringComparison.Ordinal) || uri.Host.EndsWith('.'))
        {
            return null;
        }

        var name = FileName(Uri.UnescapeDataString(uri.AbsolutePath));
        if (name.AsSpan().IndexOfAnyInRange('\0', '\u001F') >= 0)
        {
            return null;
        }

        foreach (var extension in s_plainTemplateExtensions)
        {
            if (name.Length > extension.Length + 1 && name.EndsWith("." + extension, StringComparison.OrdinalIgnoreCase) && !name[..^(extension.Length + 1)].EndsWith('.'))
            {
                return extension;
            }
        }

        return null;
    }

    /// <summary>Returns the names of the files the OLE Package headers in <paramref name="data"/> carry: for each
    /// header, its temporary path (the file that is run) and its original path. An OLE 1.0 object (an RTF document's
    /// object data) is first read at its header's known offsets; then the data is searched for package headers, every
    /// one up to <see cref="MaxScanBytes"/> bytes of work, so decoys before the real header (byte runs that look like
    /// the header's fixed fields, or packages of harmless files) do not hide it.</summary>
    /// <param name="data">An OLE object's native data, or a compound file holding an <c>\x01Ole10Native</c> stream.</param>
    /// <param name="max">The most names of files that do not run code returned; the search goes on past them, and
    /// stops at the first name that runs code (<see cref="FileNames.Executable"/>), which is always returned, last.</param>
    /// <returns>The file names, each as written in the header.</returns>
    public static List<string> PackagedFiles(ReadOnlySpan<byte> data, int max = 8)
    {
        var found = new List<string>();
        if (TryOle1Package(data, out var ole1Temp, out var ole1Original) && Note(found, ole1Temp, ole1Original, max))
        {
            return found;
        }

        ReadOnlySpan<byte> anchor = [0, 0, 0, 3, 0];
        var at = 0;

        // Work is the bytes searched plus the bytes each candidate's checks read: a candidate that fails the cheap
        // checks costs only its own bytes, so runs of decoys cannot use up the search before the real header.
        long work = 0;
        while (at < data.Length && work < MaxScanBytes)
        {
            var window = data[at..(int)Math.Min(data.Length, at + (MaxScanBytes - work) + anchor.Length)];
            var next = window.IndexOf(anchor);
            if (next < 0)
            {
                break;
            }

            // pos is the original path's terminating NUL; the type (00 00 03 00) follows, then the temporary path.
            var pos = at + next;
            work += next + anchor.Length;
            var read = 0;
            if (pos > 0 && data[pos - 1] >= 0x20 && TryTempPath(data, pos + anchor.Length, out var tempPath, out var end, out read))
            {
                var originalPath = ZeroTerminatedBefore(data, pos, out var readBefore);
                work += read + readBefore;
                if (Note(found, tempPath, originalPath, max))
                {
                    return found;
                }

                at = end;
            }
            else
            {
                work += read;
                at = pos + 1;
            }
        }

        return found;
    }

    /// <summary>Notes a package's paths: an executable one always, others while fewer than <paramref name="max"/>
    /// names are noted.</summary>
    /// <returns><see langword="true"/> when a path runs code: the search can stop.</returns>
    private static bool Note(List<string> found, string tempPath, string? originalPath, int max)
    {
        var original = originalPath is { Length: > 0 } && !FileName(originalPath).Equals(FileName(tempPath), StringComparison.OrdinalIgnoreCase) ? originalPath : null;
        string[] paths = original is null ? [tempPath] : [tempPath, original];
        foreach (var path in paths)
        {
            if (IsExecutable(path))
            {
                found.Add(path);
                return true;
            }

            if (found.Count < max && !found.Contains(path))
            {
                found.Add(path);
            }
        }

        return false;
    }

    private static bool IsExecutable(string path) => FileNames.Executable.Contains(FileNames.Extension(FileName(path)));

    /// <summary>Reads an OLE 1.0 embedded object's header (version, format 2, class name, topic, item, native data's
    /// length) and, in its native data, a package header at its known offsets: a signature, the label and the original
    /// path (each ended by a NUL), the type (<c>00 00 03 00</c>), then the temporary path.</summary>
    private static bool TryOle1Package(ReadOnlySpan<byte> data, out string tempPath, out string? originalPath)
    {
        tempPath = string.Empty;
        originalPath = null;
        if (data.Length < 12 || BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) != 2)
        {
            return false;
        }

        // The class name, the topic and the item: each a length, then that many bytes.
        var at = 8;
        for (var field = 0; field < 3; field++)
        {
            if (at + 4 > data.Length)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            if (length > MaxPathBytes || at + 4 + length > data.Length)
            {
                return false;
            }

            at += 4 + (int)length;
        }

        if (at + 4 > data.Length)
        {
            return false;
        }

        var nativeLength = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
        var native = data[(at + 4)..];
        native = native[..(int)Math.Min(nativeLength, (uint)native.Length)];

        // The signature (2 bytes), the label and the original path.
        if (native.Length < 2)
        {
            return false;
        }

        var p = 2;
        var original = ReadOnlySpan<byte>.Empty;
        for (var field = 0; field < 2; field++)
        {
            var rest = native[p..];
            var nul = rest[..Math.Min(rest.Length, MaxPathBytes)].IndexOf((byte)0);
            if (nul < 0)
            {
                return false;
            }

            original = rest[..nul];
            p += nul + 1;
        }

        ReadOnlySpan<byte> type = [0, 0, 3, 0];
        if (!native[p..].StartsWith(type))
        {
            return false;
        }

        if (!TryTempPath(native, p + 4, out tempPath, out _, out _))
        {
            return false;
        }

        originalPath = original.IsEmpty || original.IndexOfAnyInRange((byte)1, (byte)0x1F) >= 0 ? null : Encoding.Latin1.GetString(original);
        return true;
    }

    /// <summary>Tells whether a compound file has an <c>\x01Ole10Native</c> stream (its name in a directory entry).</summary>
    /// <param name="data">The compound file's bytes.</param>
    /// <returns><see langword="true"/> when the name occurs.</returns>
    public static bool HasPackageStream(ReadOnlySpan<byte> data) => data.IndexOf(s_ole10Native) >= 0;

    /// <summary>Tells whether an object's data holds an Equation Editor 3.0 object: its class identifier or its
    /// <c>Equation Native</c> stream.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool HasEquationObject(ReadOnlySpan<byte> data) => data.IndexOf(s_equationClsid) >= 0 || data.IndexOf(s_equationNative) >= 0;

    /// <summary>Tells whether an object's data holds a URL moniker: an OLE link to a web address, updated on open.</summary>
    /// <param name="data">The object's bytes.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool HasUrlMoniker(ReadOnlySpan<byte> data) => data.IndexOf(s_urlMonikerClsid) >= 0;

    /// <summary>Returns the file name at the end of a path (after the last slash or backslash).</summary>
    /// <param name="path">The path.</param>
    /// <returns>The file name.</returns>
    public static string FileName(string path)
    {
        var slash = path.LastIndexOfAny(['\\', '/']);
        return slash < 0 ? path : path[(slash + 1)..];
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLocalHost(string afterSlashes)
    {
        var slash = afterSlashes.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? afterSlashes : afterSlashes[..slash];
        return host.Length == 0 || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (host.Length == 2 && char.IsAsciiLetter(host[0]) && host[1] is ':' or '|');
    }

    /// <summary>Reads a package header's temporary path: a length (at most <see cref="MaxPathBytes"/>), then that
    /// many bytes, the last a NUL and no other, then the data's length.</summary>
    private static bool TryTempPath(ReadOnlySpan<byte> data, int at, out string path, out int end, out int read)
    {
        path = string.Empty;
        end = at;
        read = 0;
        if (at + 4 > data.Length)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
        if (length is < 2 or > MaxPathBytes || at + 4 + length > data.Length)
        {
            return false;
        }

        var bytes = data.Slice(at + 4, (int)length);
        if (bytes[^1] != 0)
        {
            return false;
        }

        var control = bytes[..^1].IndexOfAnyInRange((byte)0, (byte)0x1F);
        read = control < 0 ? bytes.Length : control + 1;
        if (control >= 0)
        {
            return false;
        }

        path = Encoding.Latin1.GetString(bytes[..^1]);
        end = at + 4 + (int)length;
        return true;
    }

    /// <summary>Reads the NUL-terminated text that ends at <paramref name="nul"/>, going back at most
    /// <see cref="MaxPathBytes"/> bytes to the NUL before it.</summary>
    private static string? ZeroTerminatedBefore(ReadOnlySpan<byte> data, int nul, out int read)
    {
        var start = Math.Max(0, nul - MaxPathBytes);
        var window = data[start..nul];
        var previous = window.LastIndexOf((byte)0);
        var text = previous < 0 ? window : window[(previous + 1)..];
        read = text.Length + 1;
        return text.IndexOfAnyInRange((byte)1, (byte)0x1F) >= 0 || text.IsEmpty ? null : Encoding.Latin1.GetString(text);
    }
}
