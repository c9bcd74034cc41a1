namespace SentiMail.Cli.Tests;

/// <summary>Finds files of the repository from the test output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SentiMail.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string Samples => Path.Combine(Root, "samples", "messages");

    public static string Sample(string name) => Path.Combine(Samples, name);
}
