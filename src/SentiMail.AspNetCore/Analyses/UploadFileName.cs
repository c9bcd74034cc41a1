namespace SentiMail.AspNetCore.Analyses;

/// <summary>
/// Cleans the file name a client sends with an upload before it is stored or shown: the analyses API uses it, and so
/// can an application's own upload form, so that both keep the same names.
/// </summary>
public static class UploadFileName
{
    /// <summary>The longest file name kept, in characters; longer names are cut.</summary>
    public const int MaxLength = 255;

    /// <summary>Keeps the last path segment of a client-supplied file name, without control characters, trimmed and
    /// at most <see cref="MaxLength"/> characters.</summary>
    /// <param name="name">The name as the client sent it (<c>Content-Disposition</c> <c>filename</c>), or <see langword="null"/>.</param>
    /// <returns>The cleaned name, or <see langword="null"/> when nothing is left.</returns>
    /// <example><c>UploadFileName.Clean("C:\\mail\\..\\inbox\\a.eml")</c> returns <c>a.eml</c>.</example>
    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var cleaned = new string([.. name[(lastSeparator + 1)..].Where(c => !char.IsControl(c))]).Trim();
        if (cleaned.Length > MaxLength)
        {
            cleaned = cleaned[..MaxLength];
        }

        return cleaned.Length == 0 ? null : cleaned;
    }
}
