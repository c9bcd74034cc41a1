using System.Text;

namespace SentiMail.Text;

/// <summary>
/// Collects text up to a number of characters a reader sees. Characters that render as nothing (every
/// <c>Default_Ignorable_Code_Point</c>: zero-width characters, soft hyphens, variation selectors, tag characters...) do
/// not count, so that padding made of them cannot push what follows past the limit, and they are compacted so that the
/// text kept stays bounded: of each run of them, the first <see cref="MaxInvisibleRun"/> are kept (enough to tell that
/// a word holds some), then only the first bidirectional embedding, override or isolate of each kind (which reorder what
/// follows); and at most as many of them in all as the limit of seen characters.
/// </summary>
/// <param name="maxShown">The most characters kept that a reader sees.</param>
internal sealed class ShownTextBuilder(int maxShown)
{
    /// <summary>The most characters kept of a run of characters that render as nothing, bidirectional controls aside.</summary>
    public const int MaxInvisibleRun = 8;

    private readonly StringBuilder _text = new();
    private int _shown;
    private int _invisible;
    private int _run;
    private int _bidiInRun;

    /// <summary>Gets the length of the text kept, in UTF-16 code units.</summary>
    public int Length => _text.Length;

    /// <summary>Gets the number of characters kept that a reader sees.</summary>
    public int Shown => _shown;

    /// <summary>Gets a value indicating whether the limit of seen characters is reached: whatever is appended now is
    /// dropped.</summary>
    public bool IsFull => _shown >= maxShown;

    /// <summary>Gets the last character kept, or U+0000 when nothing is.</summary>
    public char Last => _text.Length == 0 ? '\0' : _text[^1];

    /// <summary>Appends text, as much of it as the limit allows.</summary>
    /// <param name="text">The text.</param>
    /// <returns>This builder.</returns>
    public ShownTextBuilder Append(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && _shown < maxShown)
        {
            // The common case, a stretch of characters that all show, is copied at once (found a vector at a time:
            // every character below U+00AD shows).
            var shows = ShowingPrefix(text[i..], maxShown - _shown);
            if (shows > 0)
            {
                _text.Append(text.Slice(i, shows));
                _shown += shows;
                i += shows;
                _run = 0;
                _bidiInRun = 0;
                continue;
            }

            if (_shown >= maxShown)
            {
                break;
            }

            var c = text[i];
            var length = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var codePoint = length == 2 ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (DefaultIgnorables.Contains(codePoint))
            {
                AppendInvisible(text.Slice(i, length), codePoint);
            }
            else
            {
                _text.Append(text.Slice(i, length));
                _shown++;
                _run = 0;
                _bidiInRun = 0;
            }

            i += length;
        }

        return this;
    }

    /// <summary>Appends one character, unless the limit is reached.</summary>
    /// <param name="c">The character.</param>
    /// <returns>This builder.</returns>
    public ShownTextBuilder Append(char c) => Append([c]);

    /// <summary>Removes the last character kept (a space before a line break).</summary>
    public void RemoveLast()
    {
        if (_text.Length > 0)
        {
            if (DefaultIgnorables.Contains(_text[^1]))
            {
                _invisible--;
            }
            else
            {
                _shown--;
            }

            _text.Length--;
        }
    }

    /// <summary>Removes everything.</summary>
    public void Clear()
    {
        _text.Clear();
        _shown = _invisible = _run = _bidiInRun = 0;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    /// <summary>Returns how many characters at the start of <paramref name="text"/> certainly show, at most
    /// <paramref name="room"/>.</summary>
    private static int ShowingPrefix(ReadOnlySpan<char> text, int room)
    {
        var limit = Math.Min(text.Length, room);
        var n = 0;
        while (n < limit)
        {
            var next = text[n..limit].IndexOfAnyInRange('\u00AD', '\uFFFF');
            if (next < 0)
            {
                return limit;
            }

            n += next;
            if (MayBeInvisible(text[n]))
            {
                return n;
            }

            n++;
        }

        return n;
    }

    /// <summary>A cheap test that lets every character that certainly shows through: all below U+00AD, and the BMP
    /// letters and marks outside the ranges <see cref="DefaultIgnorables"/> lists.</summary>
    private static bool MayBeInvisible(char c) => c >= '\u00AD' && (char.IsSurrogate(c) || DefaultIgnorables.Contains(c));

    private void AppendInvisible(ReadOnlySpan<char> character, int codePoint)
    {
        _run++;
        var keep = _run <= MaxInvisibleRun;
        var kind = BidiKind(codePoint);
        if (kind >= 0 && (_bidiInRun & (1 << kind)) == 0)
        {
            // Past the run's allowance, an embedding, override or isolate is still kept once: it reorders what a reader
            // sees, and a check looks for it.
            _bidiInRun |= 1 << kind;
            keep = true;
        }

        if (keep && _invisible < maxShown)
        {
            _text.Append(character);
            _invisible++;
        }
    }

    /// <summary>Numbers the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) 0 to 8.</summary>
    private static int BidiKind(int codePoint) => codePoint switch
    {
        >= 0x202A and <= 0x202E => codePoint - 0x202A,
        >= 0x2066 and <= 0x2069 => codePoint - 0x2066 + 5,
        _ => -1,
    };
}
