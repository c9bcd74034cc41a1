namespace SentiMail.Host.Tests.Infrastructure;

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
}
