using System.Globalization;
using SentiMail.MachineLearning.Quality;

namespace SentiMail.Cli.Model;

/// <summary>Runs <c>sentimail model split</c>.</summary>
internal static class ModelSplitRunner
{
    public static async Task<int> RunAsync(string corpus, string output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var corpusFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(corpus)) + Path.DirectorySeparatorChar;
        if ((Path.TrimEndingDirectorySeparator(Path.GetFullPath(output)) + Path.DirectorySeparatorChar).StartsWith(corpusFull, StringComparison.Ordinal))
        {
            await stderr.WriteLineAsync($"sentimail: write the split lists outside the corpus folder '{corpus}': a folder inside it is a group, and its lists would be read as messages.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        if (SpecialFile(corpus) is { } special)
        {
            await stderr.WriteLineAsync($"sentimail: '{DisplayText.Escape(special)}' is not a regular file (a named pipe, a socket or a device); take it out of the corpus.").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        CorpusSplitParts parts;
        try
        {
            parts = await Task.Run(() => CorpusSplit.Make(corpus, cancellationToken), cancellationToken).ConfigureAwait(false);
            CorpusSplit.Write(output, parts);
        }
        catch (DirectoryNotFoundException ex)
        {
            await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"sentimail: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InputRejected;
        }

        foreach (var (name, entries) in CorpusSplit.PartNames.Zip([parts.Train, parts.Validation, parts.Test]))
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{name}: {entries.Count} messages ({GroupCounts(entries)})")).ConfigureAwait(false);
        }

        if (parts.Duplicates > 0)
        {
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"left out {parts.Duplicates} files whose bytes were listed already")).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"wrote {Path.Combine(output, "train.txt")}, validation.txt and test.txt").ConfigureAwait(false);
        return ExitCodes.Analysed;
    }

    /// <summary>The first message file of a group that is not a regular file, if any: the split reads every file of
    /// every group, and reading a named pipe would never end.</summary>
    private static string? SpecialFile(string corpus)
    {
        if (!Directory.Exists(corpus))
        {
            return null;
        }

        return Directory.EnumerateDirectories(corpus)
            .Where(g => !Path.GetFileName(g).StartsWith('.'))
            .SelectMany(g => Directory.EnumerateFiles(g).Where(f => !Path.GetFileName(f).StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(f => !SentiMail.Batch.MessageBatch.IsRegularFile(f));
    }

    /// <summary>How many messages each group has, in group order: <c>easy-ham-1 1500, spam-1 300</c>.</summary>
    public static string GroupCounts(IEnumerable<SplitEntry> entries) =>
        string.Join(", ", entries.GroupBy(e => e.Group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));
}
