namespace SentiMail.Tests.TestSupport;

/// <summary>Where test inputs live.</summary>
internal static class TestPaths
{
    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>Gets the repository root: the first folder above the test binaries that holds <c>SentiMail.sln</c>.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    /// <summary>Gets the folder of the hand-made sample messages.</summary>
    public static string SampleMessages => Path.Combine(RepositoryRoot, "samples", "messages");

    /// <summary>Gets the folder of the test data copied next to the test binaries.</summary>
    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>Gets the folder of the MIME test suites.</summary>
    public static string MimeSuites => Path.Combine(TestData, "mime");

    /// <summary>Returns the path of a sample message.</summary>
    public static string Sample(string fileName) => Path.Combine(SampleMessages, fileName);

    /// <summary>Returns the path of a MIME test message from its path relative to <see cref="MimeSuites"/>.</summary>
    public static string MimeMessage(string relativePath) => Path.Combine(MimeSuites, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Returns the file names (such as <c>phishing-paypal-en.eml</c>) of the sample messages.</summary>
    public static IReadOnlyList<string> SampleNames() =>
        [.. Directory.GetFiles(SampleMessages, "*.eml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Returns the paths, relative to <see cref="MimeSuites"/> and with '/' separators, of every MIME test
    /// message (<c>.eml</c> files, and the MimeKit suite's <c>.txt</c> messages); licences and notes are left out.</summary>
    public static IReadOnlyList<string> MimeMessageNames() =>
        [.. Directory.EnumerateFiles(MimeSuites, "*", SearchOption.AllDirectories)
            .Where(IsMimeMessage)
            .Select(p => Path.GetRelativePath(MimeSuites, p).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];

    private static bool IsMimeMessage(string path) =>
        path.EndsWith(".eml", StringComparison.OrdinalIgnoreCase) ||
        (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && Path.GetFileName(Path.GetDirectoryName(path)) == "mime-mimekit");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds SentiMail.sln.");
    }
}
