using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SentiMail.MachineLearning.Quality;

/// <summary>Makes, writes and reads the split lists of a labelled corpus (such as the committed
/// <c>benchmarks/quality/split/{train,validation,test}.txt</c>).</summary>
public static partial class CorpusSplit
{
    /// <summary>The names of the three parts, in order; each is written to <c>&lt;part&gt;.txt</c>.</summary>
    public static IReadOnlyList<string> PartNames { get; } = ["train", "validation", "test"];

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

    /// <summary>
    /// Splits a labelled corpus into training (60 %), validation (20 %) and test (20 %) parts, stratified by group and
    /// the same on every run: within each group (each sub-folder, in ordinal order of their names), the messages are
    /// ordered by the SHA-256 of <c>sentimail-split-1:</c> followed by the SHA-256 of the message file (lowercase hex),
    /// and the first 60 % (rounded down) go to training, the next 20 % (rounded down) to validation, the rest to test.
    /// A message whose bytes appeared before (in an earlier group, or earlier in ordinal order of file names) is listed
    /// once only, so that no message is in two parts. Groups whose name starts with <c>spam</c> are spam.
    /// The same rule made the committed split of the SpamAssassin corpus (<c>benchmarks/quality/make-split.sh</c>).
    /// </summary>
    /// <param name="corpusFolder">The corpus: one sub-folder per group, each holding one message per file. Files whose
    /// name starts with a dot are left out.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The three parts, each sorted as it is written.</returns>
    /// <exception cref="ArgumentException"><paramref name="corpusFolder"/> is empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A group or file name cannot be listed (names of groups: lowercase letters,
    /// digits and dashes; of files: letters, digits, dots, underscores and dashes), or the corpus lacks a spam group or
    /// a ham group.</exception>
    public static CorpusSplitParts Make(string corpusFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(corpusFolder);
        if (!Directory.Exists(corpusFolder))
        {
            throw new DirectoryNotFoundException($"The corpus folder '{corpusFolder}' does not exist.");
        }

        var groups = Directory.EnumerateDirectories(corpusFolder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToList();
        if (groups.FirstOrDefault(g => !GroupName().IsMatch(g)) is { } badGroup)
        {
            throw new InvalidDataException($"The group folder '{badGroup}' cannot be listed: name groups with lowercase letters, digits and dashes (spam groups start with 'spam').");
        }

        if (!groups.Any(g => g.StartsWith(Spam, StringComparison.Ordinal)) || groups.All(g => g.StartsWith(Spam, StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"The corpus '{corpusFolder}' needs a spam group (a folder whose name starts with 'spam') and a ham group (any other folder); it has: {(groups.Count == 0 ? "no folder" : string.Join(", ", groups))}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var train = new List<SplitEntry>();
        var validation = new List<SplitEntry>();
        var test = new List<SplitEntry>();
        var duplicates = 0;
        foreach (var group in groups)
        {
            var keyed = new List<(string Key, SplitEntry Entry)>();
            var files = Directory.EnumerateFiles(Path.Combine(corpusFolder, group)).Select(Path.GetFileName).OfType<string>()
                .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!FileName().IsMatch(file))
                {
                    throw new InvalidDataException($"The file '{group}/{file}' cannot be listed: name message files with letters, digits, dots, underscores and dashes.");
                }

                string sha;
                using (var stream = File.OpenRead(Path.Combine(corpusFolder, group, file)))
                {
                    sha = Convert.ToHexStringLower(SHA256.HashData(stream));
                }

                if (!seen.Add(sha))
                {
                    duplicates++;
                    continue;
                }

                var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("sentimail-split-1:" + sha)));
                keyed.Add((key, new SplitEntry(sha, group, file)));
            }

            keyed.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            var trainCount = keyed.Count * 60 / 100;
            var validationCount = keyed.Count * 20 / 100;
            for (var i = 0; i < keyed.Count; i++)
            {
                (i < trainCount ? train : i < trainCount + validationCount ? validation : test).Add(keyed[i].Entry);
            }
        }

        return new CorpusSplitParts(Sorted(train), Sorted(validation), Sorted(test), duplicates);
    }

    /// <summary>Writes the three parts as <c>train.txt</c>, <c>validation.txt</c> and <c>test.txt</c>, one
    /// <c>&lt;sha256&gt; &lt;group&gt;/&lt;file&gt;</c> line per message with a line feed after each.</summary>
    /// <param name="folder">Where to write them (created when missing).</param>
    /// <param name="parts">The parts.</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> is <see langword="null"/>.</exception>
    public static void Write(string folder, CorpusSplitParts parts)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(parts);
        Directory.CreateDirectory(folder);
        foreach (var (name, entries) in PartNames.Zip([parts.Train, parts.Validation, parts.Test]))
        {
            var text = new StringBuilder();
            foreach (var e in entries)
            {
                text.Append(CultureInfo.InvariantCulture, $"{e.Sha256} {e.RelativePath}").Append('\n');
            }

            File.WriteAllText(Path.Combine(folder, name + ".txt"), text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    // As `LC_ALL=C sort` orders the lines: by their bytes.
    private static SplitEntry[] Sorted(List<SplitEntry> entries) =>
        [.. entries.OrderBy(e => e.Sha256 + " " + e.RelativePath, StringComparer.Ordinal)];

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

    [GeneratedRegex(@"^[a-z0-9\-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GroupName();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FileName();
}
