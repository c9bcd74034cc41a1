using System.Text;

namespace SentiMail.Html;

/// <summary>Reading CSS text as a browser's tokenizer does: comments removed, and the characters that structure it
/// (braces, semicolons, parentheses) told apart from those inside strings or escaped.</summary>
internal static class CssText
{
    /// <summary>Removes <c>/* comments */</c>, each replaced by a space (an unterminated one runs to the end).</summary>
    /// <param name="css">CSS text.</param>
    /// <returns>The text without comments.</returns>
    public static string StripComments(string css)
    {
        var start = css.IndexOf("/*", StringComparison.Ordinal);
        if (start < 0)
        {
            return css;
        }

        var sb = new StringBuilder(css.Length);
        var position = 0;
        while (start >= 0)
        {
            sb.Append(css, position, start - position).Append(' ');
            var close = css.IndexOf("*/", start + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return sb.ToString();
            }

            position = close + 2;
            start = css.IndexOf("/*", position, StringComparison.Ordinal);
        }

        return sb.Append(css, position, css.Length - position).ToString();
    }

    /// <summary>Returns the positions, from <paramref name="from"/> to <paramref name="end"/>, of the characters outside
    /// strings and escapes: those a tokenizer reads as structure.</summary>
    /// <param name="css">CSS text.</param>
    /// <param name="from">The first position.</param>
    /// <param name="end">The position after the last.</param>
    /// <returns>The positions, in order.</returns>
    public static IEnumerable<int> Structure(string css, int from, int end)
    {
        var quote = '\0';
        for (var i = from; i < end; i++)
        {
            var c = css[i];
            if (c == '\\')
            {
                i++;
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else
            {
                yield return i;
            }
        }
    }
}
