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

    /// <summary>Tells why a file could not be written at a path, checked before long work starts: the path names a
    /// folder, or the folder it goes in cannot be created (which this creates otherwise).</summary>
    /// <param name="path">The file's path, or <see langword="null"/> when nothing is to be written.</param>
    /// <returns>The reason, or <see langword="null"/> when the file can be attempted.</returns>
    public static string? Problem(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (Directory.Exists(path))
        {
            return $"'{path}' is a folder; give the path of a file to write.";
        }

        try
        {
            CreateFolderFor(path);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"cannot create the folder of '{path}': {ex.Message}";
        }
    }

    /// <summary>Whether an exception is a failure to write a file (the disk, the permissions, the path).</summary>
    /// <param name="ex">The exception.</param>
    /// <returns><see langword="true"/> for such a failure.</returns>
    public static bool IsWriteFailure(Exception ex) => ex is IOException or UnauthorizedAccessException or NotSupportedException;
}
