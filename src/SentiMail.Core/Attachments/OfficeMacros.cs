using System.Text;

namespace SentiMail.Attachments;

/// <summary>Finds VBA projects in OLE compound documents (legacy Office) by their directory stream names.</summary>
internal static class OfficeMacros
{
    // Directory entries in OLE files store names in UTF-16LE.
    private static readonly byte[] s_vbaProject = Encoding.Unicode.GetBytes("_VBA_PROJECT");
    private static readonly byte[] s_macros = Encoding.Unicode.GetBytes("Macros");
    private static readonly byte[] s_vbaDir = Encoding.Unicode.GetBytes("VBA");

    public static bool OleHasVba(ReadOnlySpan<byte> content) =>
        content.IndexOf(s_vbaProject) >= 0 || (content.IndexOf(s_macros) >= 0 && content.IndexOf(s_vbaDir) >= 0) ||
        content.IndexOf("Attribute VB_Name"u8) >= 0;
}
