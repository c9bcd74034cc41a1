namespace SentiMail.Host.BrowserTests.Infrastructure;

internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SentiMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SentiMail.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Gets <c>artifacts/screenshots/</c> under the repository root, created if missing.</summary>
    public static string Screenshots()
    {
        var directory = Path.Combine(Find(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string Sample(string name) => Path.Combine(Find(), "samples", "messages", name);
}
