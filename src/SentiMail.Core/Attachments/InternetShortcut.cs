using System.Text;

namespace SentiMail.Attachments;

/// <summary>
/// Reads a Windows Internet Shortcut (<c>.url</c>): an INI text whose <c>[InternetShortcut]</c> section names the
/// address it opens (<c>URL=</c>) and, optionally, an icon (<c>IconFile=</c>) and a working folder. A shortcut to a web
/// page opens it in the browser, like a link; one to a <c>file:</c> address, a network share (<c>\\host\share</c>) or
/// another protocol handler runs or fetches what it points at, and a network icon makes Windows contact that host
/// (and offer the user's credentials) as soon as the folder is shown.
/// </summary>
public static class InternetShortcut
{
    /// <summary>The most of a shortcut that is read: genuine ones are a few hundred bytes.</summary>
    public const int MaxReadBytes = 64 * 1024;

    private static readonly string[] s_addressKeys = ["url", "baseurl", "iconfile", "workingdirectory"];

    /// <summary>Returns the web address a shortcut opens when it is a plain web shortcut: every address it holds
    /// (<c>URL</c>, <c>BASEURL</c>, <c>IconFile</c>, <c>WorkingDirectory</c>) is an <c>http</c> or <c>https</c> URL,
    /// or a local drive path for the icon. Returns <see langword="null"/> for anything else: no <c>URL</c>, another
    /// scheme, a network path, binary or oversized content.</summary>
    /// <param name="content">The attachment's bytes.</param>
    /// <returns>The address opened, or <see langword="null"/>.</returns>
    public static string? WebAddress(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || content.Length > MaxReadBytes || content.Contains((byte)0))
        {
            return null;
        }

        string? url = null;
        foreach (var rawLine in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = rawLine.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Length == 0 || line[0] is '[' or ';' || equals <= 0)
            {
                continue;
            }

            var key = line[..equals].Trim().ToLowerInvariant();
            var value = line[(equals + 1)..].Trim();
            if (Array.IndexOf(s_addressKeys, key) < 0)
            {
                continue;
            }

            var isWeb = IsWebUrl(value);
            if (!isWeb && !(key == "iconfile" && IsLocalDrivePath(value)))
            {
                return null;
            }

            if (key == "url")
            {
                url = value;
            }
        }

        return url;
    }

    private static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    private static bool IsLocalDrivePath(string value) =>
        value.Length >= 3 && char.IsAsciiLetter(value[0]) && value[1] == ':' && value[2] is '\\' or '/';
}
