namespace SentiMail.MachineLearning.Tests;

internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string CorpusSample => Path.Combine(TestData, "corpus-sample");

    public static string Samples => Path.Combine(Root, "samples", "messages");

    public static string TempFile(string extension)
    {
        var dir = Directory.CreateTempSubdirectory("sentimail-ml-tests-").FullName;
        return Path.Combine(dir, "file" + extension);
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SentiMail.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SentiMail.sln not found above the test folder.");
    }
}
