using System.Text;

namespace SentiMail.Attachments;

/// <summary>Finds VBA projects in OLE compound documents (legacy Office) by their directory stream names.</summary>
internal static class OfficeMacros
{
    // Directory entries in OLE files store names in UTF-16LE.
    private static readonly byte[] s_vbaProject = Encoding.Unicode.GetBytes("_VBA_PROJECT");
    private static readonly byte[] s_macros = Encoding.Unicode.GetBytes("Macros");
    private static readonly byte[] s_vbaDir = Encoding.Unicode.GetBytes("VBA");

    // An OLE file is a 512-byte header and sectors of 512 or 4096 bytes; a directory sector holds 128-byte entries, each
    // starting with its name. So every directory entry starts at a multiple of 128 in the file.
    private const int DirectoryEntryLength = 128;

    /// <summary>Tells whether an OLE compound document holds a VBA project: a <c>_VBA_PROJECT</c> stream, or a
    /// <c>Macros</c> storage with a <c>VBA</c> one, or VBA source. Office compares directory names without regard to
    /// case (<c>_vba_project</c> loads as well), so names at a directory entry's place are compared so too.</summary>
    /// <param name="content">The document's bytes.</param>
    /// <returns><see langword="true"/> when it carries macros.</returns>
    public static bool OleHasVba(ReadOnlySpan<byte> content) =>
        content.IndexOf(s_vbaProject) >= 0 || (content.IndexOf(s_macros) >= 0 && content.IndexOf(s_vbaDir) >= 0) ||
        content.IndexOf("Attribute VB_Name"u8) >= 0 || DirectoryHasVba(content);

    private static bool DirectoryHasVba(ReadOnlySpan<byte> content)
    {
        bool macros = false, vba = false;
        for (var at = DirectoryEntryLength * 4; at + DirectoryEntryLength <= content.Length; at += DirectoryEntryLength)
        {
            var name = content.Slice(at, 64);
            if (NameIs(name, "_vba_project"))
            {
                return true;
            }

            macros |= NameIs(name, "macros");
            vba |= NameIs(name, "vba");
            if (macros && vba)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Tells whether a directory entry's name (UTF-16LE, ended by a NUL or by the 64-byte field) starts with
    /// <paramref name="lowercase"/>, compared without regard to ASCII case; <c>_VBA_PROJECT_CUR</c> starts with
    /// <c>_VBA_PROJECT</c>, and the check for <c>VBA</c> wants the whole name.</summary>
    private static bool NameIs(ReadOnlySpan<byte> name, string lowercase)
    {
        if (name.Length < (lowercase.Length * 2) + 2)
        {
            return false;
        }

        for (var i = 0; i < lowercase.Length; i++)
        {
            var b = name[2 * i];
            if (name[(2 * i) + 1] != 0 || (b != lowercase[i] && (char)(b | 0x20) != lowercase[i]))
            {
                return false;
            }
        }

        // "_vba_project" may go on ("_VBA_PROJECT_CUR"); "vba" and "macros" are whole names.
        return lowercase == "_vba_project" || (name[lowercase.Length * 2] == 0 && name[(lowercase.Length * 2) + 1] == 0);
    }
}
