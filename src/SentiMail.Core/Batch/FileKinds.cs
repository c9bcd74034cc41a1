using System.Runtime.InteropServices;
using System.Text;

namespace SentiMail.Batch;

/// <summary>Tells regular files from named pipes, sockets and devices, which .NET lists as files alike: opening a named
/// pipe blocks until some process writes to it, and reading a device may never end.</summary>
internal static class FileKinds
{
    /// <summary>The file type bits of a mode (<c>S_IFMT</c>), as System.Native reports them on every Unix.</summary>
    private const int TypeMask = 0xF000;

    /// <summary>The file type of a regular file (<c>S_IFREG</c>).</summary>
    private const int Regular = 0x8000;

    /// <summary>Room for System.Native's <c>FileStatus</c> (120 bytes in .NET 10), with some to spare.</summary>
    private const int StatusBytes = 256;

    /// <summary>Tells whether a path names a regular file, following symbolic links. Where it cannot tell (Windows, a
    /// path that does not resolve, a runtime without System.Native) it says <see langword="true"/>, so that opening the
    /// file reports the problem as before.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="false"/> for a named pipe, a socket, a device or a folder.</returns>
    public static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        try
        {
            var status = new byte[StatusBytes];
            if (path.Contains('\0', StringComparison.Ordinal) || NativeMethods.Stat(Encoding.UTF8.GetBytes(path + "\0"), status) != 0)
            {
                return true;
            }

            // FileStatus starts with two 32-bit fields: Flags, then Mode.
            return (BitConverter.ToInt32(status, sizeof(int)) & TypeMask) == Regular;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return true;
        }
    }

    private static class NativeMethods
    {
        /// <summary>System.Native's portable <c>stat</c>: the same structure layout and mode bits on every Unix,
        /// unlike the C library's. The path is NUL-terminated UTF-8.</summary>
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat(byte[] path, [Out] byte[] status);
    }
}
