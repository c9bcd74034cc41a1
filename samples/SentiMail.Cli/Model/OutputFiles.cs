namespace SentiMail.Cli.Model;

/// <summary>Where the model commands write their files.</summary>
internal static class OutputFiles
{
    /// <summary>Creates the folder a file is to be written to, when it is missing.</summary>
    /// <param name="path">The file's path, absolute or relative to the current folder.</param>
    public static void CreateFolderFor(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
    }
}
