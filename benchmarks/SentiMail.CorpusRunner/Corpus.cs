using System.Diagnostics;

namespace SentiMail.CorpusRunner;

/// <summary>What a corpus group holds, told by its folder name.</summary>
internal enum GroupKind
{
    /// <summary>Neither: no false-positive or detection rate is computed.</summary>
    Unknown,

    /// <summary>Legitimate mail (name contains <c>ham</c>): every non-Clean verdict is a false positive.</summary>
    Ham,

    /// <summary>Spam (name contains <c>spam</c>): every non-Clean verdict is a detection.</summary>
    Spam,
}

/// <summary>One message of the corpus, held in memory.</summary>
internal sealed record CorpusMessage(string Group, string Name, byte[] Bytes);

/// <summary>A corpus loaded in memory: every message file of every group folder.</summary>
internal sealed class Corpus
{
    private static readonly string[] s_extensions = [".txt", ".eml"];

    private Corpus(string directory, IReadOnlyList<CorpusMessage> messages, TimeSpan loadTime)
    {
        Directory = directory;
        Messages = messages;
        LoadTime = loadTime;
        TotalBytes = messages.Sum(m => (long)m.Bytes.Length);
        Groups = [.. messages.Select(m => m.Group).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public string Directory { get; }

    public IReadOnlyList<CorpusMessage> Messages { get; }

    public IReadOnlyList<string> Groups { get; }

    public long TotalBytes { get; }

    public TimeSpan LoadTime { get; }

    public static GroupKind KindOf(string group) =>
        group.Contains("spam", StringComparison.OrdinalIgnoreCase) ? GroupKind.Spam
        : group.Contains("ham", StringComparison.OrdinalIgnoreCase) ? GroupKind.Ham
        : GroupKind.Unknown;

    /// <summary>Reads every <c>.txt</c> and <c>.eml</c> file of each sub-folder of <paramref name="directory"/> (one
    /// group per sub-folder); when it has no such sub-folder, the folder itself is the only group.</summary>
    /// <param name="directory">The corpus folder.</param>
    /// <returns>The corpus, files in ordinal order within each group.</returns>
    public static Corpus Load(string directory)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"The corpus folder '{directory}' does not exist.");
        }

        var watch = Stopwatch.StartNew();
        var messages = new List<CorpusMessage>();
        foreach (var folder in root.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            AddFolder(folder, messages);
        }

        if (messages.Count == 0)
        {
            AddFolder(root, messages);
        }

        watch.Stop();
        if (messages.Count == 0)
        {
            throw new InvalidOperationException($"The corpus folder '{directory}' holds no .txt or .eml message file.");
        }

        return new Corpus(root.FullName, messages, watch.Elapsed);
    }

    /// <summary>Finds the repository (the folder holding SentiMail.sln, walking up from the current folder, then from
    /// the program's folder) and runs its <c>eng/get-corpus.sh</c>, which prints the corpus folder.</summary>
    /// <returns>The corpus folder.</returns>
    public static string Fetch()
    {
        var repo = FindRepositoryRoot(System.IO.Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("No --corpus given, and no SentiMail.sln found above the current folder or the program: cannot run eng/get-corpus.sh.");
        var script = Path.Combine(repo, "eng", "get-corpus.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        Console.Error.WriteLine($"corpus: running {script}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}.");
        }

        var folder = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return string.IsNullOrEmpty(folder) ? throw new InvalidOperationException($"{script} printed no folder.") : folder;
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static void AddFolder(DirectoryInfo folder, List<CorpusMessage> messages)
    {
        var files = folder.EnumerateFiles()
            .Where(f => s_extensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => f.Name, StringComparer.Ordinal);
        foreach (var file in files)
        {
            messages.Add(new CorpusMessage(folder.Name, file.Name, File.ReadAllBytes(file.FullName)));
        }
    }
}
