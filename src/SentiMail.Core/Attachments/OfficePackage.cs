using System.Net;
using System.Text;
using SentiMail.Text;

namespace SentiMail.Attachments;

/// <summary>
/// Reads what an Office Open XML package says about macros: the content types (<c>[Content_Types].xml</c>) and the
/// relationships (<c>*.rels</c>) name the parts that hold a VBA project (<c>application/vnd.ms-office.vbaProject</c>,
/// relationship type <c>.../vbaProject</c>) or an Excel 4.0 macro sheet, whatever those parts are called: Office loads
/// a VBA project renamed <c>word/image1.bin</c> as long as the relationship points to it. A content type marked
/// <c>macroEnabled</c> makes the document a macro-enabled one, whatever its name. The relationships also tell what
/// the document fetches when it is opened: an external target (<c>TargetMode="External"</c>) of a template, OLE
/// object, frame, sub-document or package relationship on the web or a network share (remote template injection), or
/// an OLE object through an exploited protocol handler (Follina: <c>mhtml:</c>, <c>ms-msdt:</c>, a target ending in
/// <c>!</c>). Hyperlinks, pictures and other external targets are only links and are not counted.
/// </summary>
/// <remarks>The XML is scanned, not parsed: elements are found by their local name and attributes read from them, in
/// one pass over at most <see cref="MaxPartBytes"/> bytes per part.</remarks>
internal sealed class OfficePackage
{
    /// <summary>The largest content-types or relationships part that is read (genuine ones are a few KiB).</summary>
    public const int MaxPartBytes = 1024 * 1024;

    private const string VbaProjectType = "application/vnd.ms-office.vbaproject";

    /// <summary>The most external targets kept from one package.</summary>
    private const int MaxRemoteTargets = 16;

    /// <summary>The relationship types (their last segment) whose external target Office fetches and loads when the
    /// document is opened: a Word template (<c>attachedTemplate</c>), an OLE object, a frame (of a frameset
    /// document), a sub-document (of a master document), an embedded package.</summary>
    private static readonly HashSet<string> s_fetchedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "attachedTemplate", "oleObject", "frame", "subDocument", "package",
    };

    private readonly HashSet<string> _vbaParts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _vbaExtensions = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _macroSheetParts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _macroSheetExtensions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the first content type marked <c>macroEnabled</c>, if any.</summary>
    public string? MacroEnabledType { get; private set; }

    /// <summary>Gets what the package fetches from elsewhere when it is opened, as its relationships say (at most
    /// <see cref="MaxRemoteTargets"/>), each naming its relationships part and target.</summary>
    public List<DocumentThreat> RemoteTargets { get; } = [];

    /// <summary>Tells whether an entry is one the package's macros are declared in: the content types or a
    /// relationships part.</summary>
    /// <param name="entryName">The entry's name in the archive.</param>
    /// <returns><see langword="true"/> for <c>[Content_Types].xml</c> and <c>*.rels</c>.</returns>
    public static bool IsDescriptor(string entryName) =>
        entryName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase) || entryName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a content-types or relationships part.</summary>
    /// <param name="entryName">The part's name in the archive.</param>
    /// <param name="xml">The part's bytes.</param>
    public void Read(string entryName, ReadOnlySpan<byte> xml)
    {
        var text = Encoding.UTF8.GetString(xml[..Math.Min(xml.Length, MaxPartBytes)]);
        var isContentTypes = entryName.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase);
        var baseFolder = isContentTypes ? string.Empty : SourceFolder(entryName);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('<', at);
            if (open < 0)
            {
                break;
            }

            var close = text.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            var tag = text.AsSpan(open + 1, close - open - 1);
            at = close + 1;
            switch (LocalName(tag))
            {
                case "Override" when isContentTypes:
                    OnContentType(Attribute(tag, "ContentType"), part: NormalizePart(Attribute(tag, "PartName")), extension: null);
                    break;
                case "Default" when isContentTypes:
                    OnContentType(Attribute(tag, "ContentType"), part: null, extension: Attribute(tag, "Extension"));
                    break;
                case "Relationship" when !isContentTypes:
                    OnRelationship(entryName, Attribute(tag, "Type"), Attribute(tag, "Target"), Attribute(tag, "TargetMode"), baseFolder);
                    break;
            }
        }
    }

    /// <summary>Returns what carries macros among the package's parts: each part that holds a VBA project or an Excel
    /// 4.0 macro sheet, by its name, its content type or a relationship to it.</summary>
    /// <param name="partNames">The names of the package's entries.</param>
    /// <returns>The part names, each with what it holds.</returns>
    public IEnumerable<(string Part, string What)> Macros(IEnumerable<string> partNames)
    {
        foreach (var name in partNames)
        {
            var extension = FileNames.Extension(name);
            if (name.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || _vbaParts.Contains(name) || _vbaExtensions.Contains(extension))
            {
                yield return (name, "a VBA project");
            }
            else if ((name.StartsWith("xl/macrosheets/", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase))
                || _macroSheetParts.Contains(name) || _macroSheetExtensions.Contains(extension))
            {
                yield return (name, "an Excel 4.0 macro sheet");
            }
        }
    }

    private void OnContentType(string? contentType, string? part, string? extension)
    {
        if (contentType is null)
        {
            return;
        }

        contentType = contentType.Trim();
        if (contentType.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase))
        {
            MacroEnabledType ??= contentType;
        }

        var vba = contentType.Equals(VbaProjectType, StringComparison.OrdinalIgnoreCase);
        var macroSheet = contentType.StartsWith("application/vnd.ms-excel.macrosheet", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/vnd.ms-excel.intlmacrosheet", StringComparison.OrdinalIgnoreCase);
        if (!vba && !macroSheet)
        {
            return;
        }

        if (part is not null)
        {
            (vba ? _vbaParts : _macroSheetParts).Add(part);
        }
        else if (extension is not null)
        {
            (vba ? _vbaExtensions : _macroSheetExtensions).Add(extension.Trim().TrimStart('.'));
        }
    }

    private void OnRelationship(string relsPart, string? type, string? target, string? targetMode, string baseFolder)
    {
        if (type is null || target is null)
        {
            return;
        }

        type = type.Trim();
        if ("External".Equals(targetMode?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            OnExternal(relsPart, type, target.Trim());
            return;
        }

        var set = type.EndsWith("/vbaProject", StringComparison.OrdinalIgnoreCase) ? _vbaParts
            : type.EndsWith("/xlMacrosheet", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/xlIntlMacrosheet", StringComparison.OrdinalIgnoreCase) ? _macroSheetParts
            : null;
        if (set is not null && Resolve(baseFolder, target) is { } part)
        {
            set.Add(part);
        }
    }

    /// <summary>Notes an external target that Office fetches on open: one of <see cref="s_fetchedTypes"/> pointing to
    /// the web or a share, or an OLE object through a protocol handler that runs code (Follina).</summary>
    private void OnExternal(string relsPart, string type, string target)
    {
        var slash = type.LastIndexOf('/');
        var name = type[(slash + 1)..];
        if (!s_fetchedTypes.Contains(name) || RemoteTargets.Count >= MaxRemoteTargets)
        {
            return;
        }

        var where = OfficeObjects.Classify(target);
        var oleObject = name.Equals("oleObject", StringComparison.OrdinalIgnoreCase);
        if (oleObject && where != OfficeObjects.TargetKind.Local && target.EndsWith('!'))
        {
            // "http://host/page.html!": the ! makes Word hand the address to MSHTML, which ran ms-msdt (CVE-2022-30190).
            where = OfficeObjects.TargetKind.Exploit;
        }

        var shown = TextSanitizer.ForDisplay(target, 200);
        var (kind, what) = where switch
        {
            OfficeObjects.TargetKind.Exploit => (DocumentThreatKind.Exploit, $"links an OLE object to {shown}, which Word hands to a protocol handler that runs code when the document is opened (Follina, CVE-2022-30190)"),
            OfficeObjects.TargetKind.Web => (DocumentThreatKind.RemoteContent, $"fetches {Describe(name)} from {shown} when it is opened"),
            OfficeObjects.TargetKind.Share => (DocumentThreatKind.RemoteShareContent, $"fetches {Describe(name)} from the network share {shown} when it is opened"),
            _ => ((DocumentThreatKind?)null, string.Empty),
        };
        if (kind == DocumentThreatKind.RemoteContent && name.Equals("attachedTemplate", StringComparison.OrdinalIgnoreCase)
            && OfficeObjects.PlainTemplateFile(target) is { } extension)
        {
            // A macro-free template file on an HTTPS site (an organisation's letterhead on SharePoint): still fetched
            // on open, but what it can carry is far less than a macro-enabled template or a page.
            RemoteTargets.Add(new(
                DocumentThreatKind.RemoteTemplateFile,
                $"fetches its template from {shown} when it is opened, a template file without macros (.{extension}) over HTTPS",
                $"{relsPart}: {name} {target} (a .{extension} template file without macros, over HTTPS)"));
            return;
        }

        if (kind is { } k)
        {
            RemoteTargets.Add(new(k, what, $"{relsPart}: {name} {target}"));
        }
    }

    private static string Describe(string relationshipType) => relationshipType.ToLowerInvariant() switch
    {
        "attachedtemplate" => "its template",
        "oleobject" => "an OLE object",
        "frame" => "a frame",
        "subdocument" => "a sub-document",
        _ => "a package",
    };

    /// <summary>Returns the folder a relationships part's relative targets start from: <c>word/</c> for
    /// <c>word/_rels/document.xml.rels</c>, the root for <c>_rels/.rels</c>.</summary>
    private static string SourceFolder(string relsName)
    {
        var rels = relsName.LastIndexOf("_rels/", StringComparison.OrdinalIgnoreCase);
        return rels < 0 ? string.Empty : relsName[..rels];
    }

    /// <summary>Resolves a relationship's target against its source folder to a part name without a leading slash.</summary>
    private static string? Resolve(string baseFolder, string target)
    {
        var path = NormalizePart(target);
        if (path is null)
        {
            return null;
        }

        var segments = new List<string>();
        var absolute = target.TrimStart().StartsWith('/');
        foreach (var segment in ((absolute ? string.Empty : baseFolder) + path).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                segments.Add(segment);
            }
        }

        return segments.Count == 0 ? null : string.Join('/', segments);
    }

    /// <summary>Decodes a part name or target (a URI: percent-escapes, XML character references) and drops a leading
    /// slash.</summary>
    private static string? NormalizePart(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var decoded = value.Trim().Replace('\\', '/');
        try
        {
            decoded = Uri.UnescapeDataString(decoded);
        }
        catch (UriFormatException)
        {
            // Kept as written.
        }

        return decoded.TrimStart('/');
    }

    private static string LocalName(ReadOnlySpan<char> tag)
    {
        var end = tag.IndexOfAny(" \t\r\n/");
        var name = end < 0 ? tag : tag[..end];
        var colon = name.LastIndexOf(':');
        return (colon < 0 ? name : name[(colon + 1)..]).ToString();
    }

    /// <summary>Returns an attribute's value from a tag's text (XML character references decoded), or
    /// <see langword="null"/>.</summary>
    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var at = 0;
        while (at < tag.Length)
        {
            var found = tag[at..].IndexOf(name, StringComparison.Ordinal);
            if (found < 0)
            {
                return null;
            }

            var start = at + found;
            var after = start + name.Length;
            at = after;

            // A whole attribute name: after blank space or a prefix's colon, followed by "=" and a quote.
            if (start == 0 || tag[start - 1] is not (' ' or '\t' or '\r' or '\n' or ':'))
            {
                continue;
            }

            var rest = tag[after..].TrimStart(" \t\r\n");
            if (rest.Length < 2 || rest[0] != '=')
            {
                continue;
            }

            rest = rest[1..].TrimStart(" \t\r\n");
            if (rest.Length == 0 || rest[0] is not ('"' or '\''))
            {
                continue;
            }

            var end = rest[1..].IndexOf(rest[0]);
            return end < 0 ? null : WebUtility.HtmlDecode(rest.Slice(1, end).ToString());
        }

        return null;
    }
}
