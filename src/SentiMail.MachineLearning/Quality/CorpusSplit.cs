using System.Text.RegularExpressions;

namespace SentiMail.MachineLearning.Quality;

/// <summary>Reads the committed split lists (<c>benchmarks/quality/split/{train,validation,test}.txt</c>).</summary>
public static partial class CorpusSplit
{
    /// <summary>The kind of the spam groups.</summary>
    public const string Spam = "spam";

    /// <summary>The kind of the hard-ham group.</summary>
    public const string HardHam = "hard ham";

    /// <summary>The kind of the easy-ham groups.</summary>
    public const string EasyHam = "easy ham";

    /// <summary>Reads one split list.</summary>
    /// <param name="path">The list file.</param>
    /// <returns>The entries, in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not <c>&lt;sha256&gt; &lt;group&gt;/&lt;file&gt;</c>.</exception>
    public static IReadOnlyList<SplitEntry> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var entries = new List<SplitEntry>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var match = Line().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"{path}:{number}: expected '<sha256> <group>/<file>', got '{(line.Length > 80 ? line[..80] : line)}'.");
            }

            entries.Add(new SplitEntry(match.Groups["sha"].Value, match.Groups["group"].Value, match.Groups["file"].Value));
        }

        return entries;
    }

    /// <summary>Returns the kind of a corpus group: <see cref="Spam"/>, <see cref="HardHam"/> or <see cref="EasyHam"/>.</summary>
    /// <param name="group">The group name, such as <c>hard-ham-1</c>.</param>
    /// <returns>The kind.</returns>
    public static string KindOf(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.StartsWith("spam", StringComparison.Ordinal) ? Spam
            : group.StartsWith("hard-ham", StringComparison.Ordinal) ? HardHam
            : EasyHam;
    }

    [GeneratedRegex(@"^(?<sha>[0-9a-f]{64}) (?<group>[a-z0-9\-]+)/(?<file>[A-Za-z0-9._\-]+)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Line();
}
