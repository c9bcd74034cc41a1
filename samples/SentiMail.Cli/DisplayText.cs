using System.Globalization;
using System.Text;

namespace SentiMail.Cli;

/// <summary>Makes text the command did not write itself (file names, above all) safe to print on a terminal: control
/// characters (C0, DEL, C1), bidirectional controls and invisible characters are shown as <c>\u{XXXX}</c>, so that a
/// name can neither send escape sequences, start a fake result line, nor reorder what the reader sees.</summary>
internal static class DisplayText
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:X4}}}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c)
        || c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD' or '\u180E' or '\u200E' or '\u200F' or '\u061C' or '\u2028' or '\u2029'
        || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
