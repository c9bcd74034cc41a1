using System.Globalization;

namespace SentiMail.Html;

/// <summary>
/// Colors as the text extractor compares them, to tell text painted in the color of what lies behind it: a color is
/// encoded as its 24-bit sRGB value plus one, so that 0 can mean "none declared" (an attribute may then give one),
/// <see cref="Parent"/> "the parent's, whatever an attribute says" (<c>inherit</c>, <c>transparent</c>: the parent's
/// background shows through) and <see cref="Unknown"/> a color this reader does not work out (a blend with
/// transparency, a color function other than <c>rgb</c>, a name outside its table, an image), which is never taken to
/// match anything.
/// </summary>
internal static class CssColor
{
    /// <summary>No color of its own.</summary>
    public const int None = 0;

    /// <summary>A color or backdrop this reader does not work out.</summary>
    public const int Unknown = -1;

    /// <summary>The parent's color, or no background of its own, declared by a style (which beats an attribute).</summary>
    public const int Parent = -2;

    /// <summary>The text color of a document that sets none: black.</summary>
    public const int DefaultText = 0x000000 + 1;

    /// <summary>The backdrop of a document that sets none: white.</summary>
    public const int DefaultBackground = 0xFFFFFF + 1;

    /// <summary>How far apart (in any of red, green and blue, out of 255) two colors may be for text in the one to be
    /// unreadable on the other.</summary>
    public const int SameColorDistance = 8;

    // The named colors text is most often hidden with (white and its near-whites, black), and the basic ones; any
    // other name is Unknown, which never hides anything.
    private static readonly Dictionary<string, int> s_named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["white"] = 0xFFFFFF, ["black"] = 0x000000, ["snow"] = 0xFFFAFA, ["ivory"] = 0xFFFFF0, ["ghostwhite"] = 0xF8F8FF,
        ["whitesmoke"] = 0xF5F5F5, ["floralwhite"] = 0xFFFAF0, ["azure"] = 0xF0FFFF, ["mintcream"] = 0xF5FFFA,
        ["honeydew"] = 0xF0FFF0, ["seashell"] = 0xFFF5EE, ["lavenderblush"] = 0xFFF0F5, ["aliceblue"] = 0xF0F8FF,
        ["red"] = 0xFF0000, ["green"] = 0x008000, ["blue"] = 0x0000FF, ["yellow"] = 0xFFFF00, ["gray"] = 0x808080,
        ["grey"] = 0x808080, ["silver"] = 0xC0C0C0, ["navy"] = 0x000080, ["maroon"] = 0x800000, ["purple"] = 0x800080,
        ["teal"] = 0x008080, ["olive"] = 0x808000, ["lime"] = 0x00FF00, ["aqua"] = 0x00FFFF, ["cyan"] = 0x00FFFF,
        ["fuchsia"] = 0xFF00FF, ["magenta"] = 0xFF00FF, ["orange"] = 0xFFA500,
    };

    /// <summary>Reads a CSS color value (lowercase, trimmed): a hex color, <c>rgb()</c>/<c>rgba()</c>, or a name.</summary>
    /// <param name="value">The value.</param>
    /// <param name="background">Whether it is a background's: <c>initial</c> is then transparent, else black.</param>
    /// <returns>The encoded color, <see cref="Parent"/> for <c>transparent</c>, <c>inherit</c> and the like, or
    /// <see cref="Unknown"/>.</returns>
    public static int Parse(string value, bool background = false)
    {
        if (value is "transparent" or "inherit" or "unset" or "currentcolor" or "none")
        {
            return Parent;
        }

        if (value == "initial")
        {
            return background ? Parent : DefaultText;
        }

        if (value.StartsWith('#'))
        {
            return ParseHex(value.AsSpan(1));
        }

        if (value.StartsWith("rgb", StringComparison.Ordinal))
        {
            return ParseRgbFunction(value);
        }

        return s_named.TryGetValue(value, out var rgb) ? rgb + 1 : Unknown;
    }

    /// <summary>Reads a color attribute (<c>bgcolor</c>, <c>&lt;font color&gt;</c>, <c>&lt;body text&gt;</c>) as
    /// HTML's legacy color parsing does for the forms mail uses: a name, <c>#rgb</c>, or six hex digits with or without
    /// <c>#</c>.</summary>
    /// <param name="value">The attribute's value.</param>
    /// <returns>The encoded color, <see cref="None"/> for an empty value or <c>transparent</c>, or
    /// <see cref="Unknown"/>.</returns>
    public static int ParseAttribute(string? value)
    {
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0 || text.Equals("transparent", StringComparison.OrdinalIgnoreCase))
        {
            return None;
        }

        if (s_named.TryGetValue(text, out var rgb))
        {
            return rgb + 1;
        }

        var hex = text.AsSpan(text[0] == '#' ? 1 : 0);
        return hex.Length == 6 || (hex.Length == 3 && text[0] == '#') ? ParseHex(hex) : Unknown;
    }

    /// <summary>Reads the backdrop an element paints from its CSS, the winning values of <c>background-color</c> (or
    /// the color in the <c>background</c> shorthand) and of <c>background-image</c> (or the image in the shorthand).</summary>
    /// <param name="color">The winning background color, or <see langword="null"/>.</param>
    /// <param name="image">The winning background image, or <see langword="null"/>.</param>
    /// <returns>The encoded color, <see cref="None"/> when nothing is declared, <see cref="Parent"/> when what is
    /// declared paints nothing, or <see cref="Unknown"/> when an image may be painted.</returns>
    public static int ParseBackground(string? color, string? image)
    {
        if (image is not null && image is not ("none" or "initial"))
        {
            return Unknown;
        }

        return color is null ? (image is null ? None : Parent) : Parse(color, background: true);
    }

    /// <summary>Splits the <c>background</c> shorthand into its color and its image (<c>none</c> when it names none,
    /// as the shorthand resets both).</summary>
    /// <param name="value">The shorthand's value, lowercase.</param>
    /// <returns>The color (<c>transparent</c> when it names none, <c>?</c> for a word that may be a color this reader
    /// does not know) and the image.</returns>
    public static (string Color, string Image) SplitBackground(string value)
    {
        if (value.Contains("url(", StringComparison.Ordinal) || value.Contains("gradient(", StringComparison.Ordinal)
            || value.Contains("image(", StringComparison.Ordinal) || value.Contains("var(", StringComparison.Ordinal))
        {
            return ("transparent", "image");
        }

        // The color is the last layer's; a function such as rgb(1, 2, 3) holds spaces, so words are read outside
        // parentheses.
        var color = "transparent";
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            var c = i < value.Length ? value[i] : ' ';
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && c is ' ' or ',' or '/')
            {
                var word = value[start..i];
                if (word.Length > 0 && !s_backgroundKeywords.Contains(word) && !IsNumber(word))
                {
                    // A color, or a word this reader does not know, which may be one: the backdrop is then Unknown.
                    color = Parse(word, background: true) > None ? word : "?";
                }

                start = i + 1;
            }
        }

        return (color, "none");
    }

    private static readonly HashSet<string> s_backgroundKeywords = new(StringComparer.Ordinal)
    {
        "none", "transparent", "repeat", "repeat-x", "repeat-y", "no-repeat", "space", "round", "scroll", "fixed", "local",
        "center", "top", "bottom", "left", "right", "border-box", "padding-box", "content-box", "text", "auto", "cover",
        "contain", "initial", "inherit", "unset", "revert", "revert-layer", "!important",
    };

    private static bool IsNumber(string word) => char.IsAsciiDigit(word[0]) || word[0] is '-' or '+' or '.';

    /// <summary>Tells whether text of one color is unreadable on a backdrop of another: both known and at most
    /// <see cref="SameColorDistance"/> apart in each channel.</summary>
    /// <param name="text">The encoded text color.</param>
    /// <param name="backdrop">The encoded backdrop color.</param>
    /// <returns><see langword="true"/> when they are the same to the eye.</returns>
    public static bool Same(int text, int backdrop)
    {
        if (text <= None || backdrop <= None)
        {
            return false;
        }

        int a = text - 1, b = backdrop - 1;
        return Math.Abs((a >> 16) - (b >> 16)) <= SameColorDistance
            && Math.Abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) <= SameColorDistance
            && Math.Abs((a & 0xFF) - (b & 0xFF)) <= SameColorDistance;
    }

    private static int ParseHex(ReadOnlySpan<char> hex)
    {
        if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number))
        {
            return Unknown;
        }

        return hex.Length switch
        {
            3 => Expand(number >> 8, (number >> 4) & 0xF, number & 0xF),
            4 when (number & 0xF) == 0xF => Expand(number >> 12, (number >> 8) & 0xF, (number >> 4) & 0xF),
            6 => number + 1,
            8 when (number & 0xFF) == 0xFF => (int)((uint)number >> 8) + 1,
            _ => Unknown,
        };

        static int Expand(int r, int g, int b) => ((r * 17) << 16 | (g * 17) << 8 | (b * 17)) + 1;
    }

    private static int ParseRgbFunction(string value)
    {
        var open = value.IndexOf('(', StringComparison.Ordinal);
        if (open is not (3 or 4) || !value.EndsWith(')') || value[..open] is not ("rgb" or "rgba"))
        {
            return Unknown;
        }

        var parts = value[(open + 1)..^1].Split([',', ' ', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is not (3 or 4))
        {
            return Unknown;
        }

        if (parts.Length == 4 && !(Channel(parts[3], 1) is { } alpha && alpha >= 1))
        {
            // Partly transparent: blended with what lies behind, which this reader does not work out.
            return Unknown;
        }

        var rgb = 0;
        for (var i = 0; i < 3; i++)
        {
            if (Channel(parts[i], 255) is not { } channel)
            {
                return Unknown;
            }

            rgb = (rgb << 8) | (int)Math.Round(Math.Clamp(channel, 0, 255));
        }

        return rgb + 1;
    }

    /// <summary>Reads a number or a percentage of <paramref name="full"/>.</summary>
    private static double? Channel(string text, double full)
    {
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1] : text;
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? (percent ? value / 100 * full : value)
            : null;
    }
}
