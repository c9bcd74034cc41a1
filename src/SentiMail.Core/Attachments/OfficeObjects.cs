using System.Buffers.Binary;
using System.Text;

namespace SentiMail.Attachments;

/// <summary>What a document does that runs or fetches code when it is opened, or that it carries for the reader to
/// run.</summary>
internal enum DocumentThreatKind
{
    /// <summary>It fetches a template, an OLE object, a frame or a sub-document from a web address on open.</summary>
    RemoteContent,

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
/// scanned: each candidate is checked against at most <see cref="MaxPathBytes"/> bytes each way, and the candidates
/// checked are capped.</remarks>
internal static class OfficeObjects
{
    /// <summary>The longest path a package header's field may hold.</summary>
    public const int MaxPathBytes = 1024;

    /// <summary>The most package-header candidates checked in one object.</summary>
    private const int MaxCandidates = 4096;

    /// <summary>The Equation Editor 3.0's class identifier, {0002CE02-0000-0000-C000-000000000046}, as stored.</summary>
    private static readonly byte[] s_equationClsid = [0x02, 0xCE, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46];

    /// <summary>The URL moniker's class identifier, {79EAC9E0-BAF9-11CE-8C82-00AA004BA90B}, as stored: an OLE link
    /// to a web address (CVE-2017-0199).</summary>
    private static readonly byte[] s_urlMonikerClsid = [0xE0, 0xC9, 0xEA, 0x79, 0xF9, 0xBA, 0xCE, 0x11, 0x8C, 0x82, 0x00, 0xAA, 0x00, 0x4B, 0xA9, 0x0B];

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

    /// <summary>Returns the names of the files the OLE Package headers in <paramref name="data"/> carry: for each
    /// header, its temporary path (the file that is run) and its original path.</summary>
    /// <param name="data">An OLE object's native data, or a compound file holding an <c>\x01Ole10Native</c> stream.</param>
    /// <param name="max">The most headers returned.</param>
    /// <returns>The file names, each as written in the header.</returns>
    public static List<string> PackagedFiles(ReadOnlySpan<byte> data, int max = 8)
    {
        var found = new List<string>();
        var candidates = 0;
        ReadOnlySpan<byte> anchor = [0, 0, 0, 3, 0];
        var at = 0;
        while (found.Count < max && candidates < MaxCandidates)
        {
            var next = data[at..].IndexOf(anchor);
            if (next < 0)
            {
                break;
            }

            // pos is the original path's terminating NUL; the type (00 00 03 00) follows, then the temporary path.
            var pos = at + next;
            candidates++;
            if (pos > 0 && data[pos - 1] >= 0x20 && TryTempPath(data, pos + anchor.Length, out var tempPath, out var end))
            {
                var originalPath = ZeroTerminatedBefore(data, pos);
                found.Add(tempPath);
                if (originalPath is { Length: > 0 } && !FileName(originalPath).Equals(FileName(tempPath), StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(originalPath);
                }

                at = end;
            }
            else
            {
                at = pos + 1;
            }
        }

        return found;
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
    private static bool TryTempPath(ReadOnlySpan<byte> data, int at, out string path, out int end)
    {
        path = string.Empty;
        end = at;
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
        if (bytes[^1] != 0 || bytes[..^1].IndexOfAnyInRange((byte)0, (byte)0x1F) >= 0)
        {
            return false;
        }

        path = Encoding.Latin1.GetString(bytes[..^1]);
        end = at + 4 + (int)length;
        return true;
    }

    /// <summary>Reads the NUL-terminated text that ends at <paramref name="nul"/>, going back at most
    /// <see cref="MaxPathBytes"/> bytes to the NUL before it.</summary>
    private static string? ZeroTerminatedBefore(ReadOnlySpan<byte> data, int nul)
    {
        var start = Math.Max(0, nul - MaxPathBytes);
        var window = data[start..nul];
        var previous = window.LastIndexOf((byte)0);
        var text = previous < 0 ? window : window[(previous + 1)..];
        return text.IndexOfAnyInRange((byte)1, (byte)0x1F) >= 0 || text.IsEmpty ? null : Encoding.Latin1.GetString(text);
    }
}
