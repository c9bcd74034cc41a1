namespace SentiMail.Deploy.Tests.Infrastructure;

/// <summary>Paths of the repository the tests run from (found by walking up to SentiMail.sln).</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string Deploy(params string[] parts) => Path.Combine([Root, "deploy", .. parts]);

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "SentiMail.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SentiMail.sln not found above " + AppContext.BaseDirectory);
    }
}
