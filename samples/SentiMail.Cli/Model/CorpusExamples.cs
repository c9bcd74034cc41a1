using SentiMail.MachineLearning.Quality;
using SentiMail.MachineLearning.Training;

namespace SentiMail.Cli.Model;

/// <summary>Reads the messages of a split list from the corpus folder and analyses them with the rules.</summary>
internal static class CorpusExamples
{
    public static async Task<MessageExample[]> LoadAsync(string corpus, IReadOnlyList<SplitEntry> entries, int parallelism, CancellationToken cancellationToken)
    {
        var result = new MessageExample[entries.Count];
        var workers = Math.Max(1, parallelism);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(
            async () =>
            {
                var extractor = new SpamFeatureExtractor();
                for (var i = worker; i < entries.Count; i += workers)
                {
                    var entry = entries[i];
                    var bytes = await ReadAsync(corpus, entry, cancellationToken).ConfigureAwait(false);
                    result[i] = await extractor.ExtractAsync(bytes, entry.RelativePath, entry.Group, entry.IsSpam, cancellationToken).ConfigureAwait(false);
                }
            },
            cancellationToken))).ConfigureAwait(false);
        return result;
    }

    /// <summary>Reads one message and checks its checksum against the split list.</summary>
    public static async Task<byte[]> ReadAsync(string corpus, SplitEntry entry, CancellationToken cancellationToken)
    {
        var path = Path.Combine(corpus, entry.Group, entry.FileName);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        if (!string.Equals(sha, entry.Sha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: its SHA-256 is {sha}, the split list says {entry.Sha256}; is this the corpus the split was made from?");
        }

        return bytes;
    }
}
