using System.Text.Json;

namespace SentiMail.MachineLearning.Quality;

/// <summary>
/// Reads peer results: JSON Lines files (<c>benchmarks/quality/peers/&lt;name&gt;.jsonl</c>) with one object per message,
/// <c>{"sha256":"…","path":"spam-2/00697.….txt","spam":true,"score":7.3}</c>, where <c>spam</c> is the peer's verdict.
/// A message the peer failed on has <c>"spam":null</c> and an <c>"error"</c> string (as <c>benchmarks/peers/run-*.sh</c>
/// write it): it is read as not marked, with <see cref="PeerResult.Error"/> set.
/// </summary>
public static class PeerResults
{
    /// <summary>Reads one peer results file.</summary>
    /// <param name="path">The <c>.jsonl</c> file.</param>
    /// <returns>The results by SHA-256 (the last line wins for a repeated checksum).</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not a JSON object with a 64-hex <c>sha256</c> and either a boolean
    /// <c>spam</c> or a null <c>spam</c> with an <c>error</c> string.</exception>
    public static IReadOnlyDictionary<string, PeerResult> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var results = new Dictionary<string, PeerResult>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var result = Parse(line, path, number);
            results[result.Sha256] = result;
        }

        return results;
    }

    /// <summary>Reads every <c>*.jsonl</c> file of a folder, named after the file (without extension).</summary>
    /// <param name="folder">The folder; a missing folder gives no peers.</param>
    /// <returns>Each peer's results by SHA-256, sorted by peer name.</returns>
    /// <exception cref="FormatException">A file holds a malformed line.</exception>
    public static IReadOnlyList<KeyValuePair<string, IReadOnlyDictionary<string, PeerResult>>> ReadFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.jsonl")
            .Order(StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, IReadOnlyDictionary<string, PeerResult>>(Path.GetFileNameWithoutExtension(f), Read(f)))];
    }

    private static PeerResult Parse(string line, string path, int number)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad(path, number, "not a JSON object");
            }

            var sha = root.TryGetProperty("sha256", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()!.ToLowerInvariant() : null;
            if (sha is null || sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
            {
                throw Bad(path, number, "no 64-hex \"sha256\"");
            }

            var relative = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : string.Empty;
            var hasSpam = root.TryGetProperty("spam", out var spam);
            if (hasSpam && spam.ValueKind == JsonValueKind.Null
                && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var reason = error.GetString();
                return new PeerResult(sha, relative, false, null, string.IsNullOrWhiteSpace(reason) ? "(no reason given)" : reason);
            }

            if (!hasSpam || spam.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw Bad(path, number, "no boolean \"spam\" (nor a null one with an \"error\")");
            }

            double? score = root.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number
                && sc.TryGetDouble(out var value) && double.IsFinite(value) ? value : null;
            return new PeerResult(sha, relative, spam.GetBoolean(), score);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}:{number}: not valid JSON ({ex.Message}).", ex);
        }
    }

    private static FormatException Bad(string path, int number, string reason) => new($"{path}:{number}: {reason}.");
}
