namespace SentiMail.Text;

/// <summary>
/// The Unicode <c>Default_Ignorable_Code_Point</c> property (DerivedCoreProperties.txt, Unicode 16.0): code points a
/// renderer shows as nothing at all when it does not support them, and most of which it shows as nothing anyway. Put
/// inside a word, any of them hides the word from a keyword filter while the reader sees it whole.
/// </summary>
/// <remarks>
/// The complete list of ranges, in the order of DerivedCoreProperties.txt:
/// <list type="table">
/// <item><term>U+00AD</term><description>soft hyphen</description></item>
/// <item><term>U+034F</term><description>combining grapheme joiner</description></item>
/// <item><term>U+061C</term><description>Arabic letter mark</description></item>
/// <item><term>U+115F–U+1160</term><description>Hangul choseong and jungseong fillers</description></item>
/// <item><term>U+17B4–U+17B5</term><description>Khmer inherent vowels</description></item>
/// <item><term>U+180B–U+180F</term><description>Mongolian free variation selectors and vowel separator</description></item>
/// <item><term>U+200B–U+200F</term><description>zero-width space, non-joiner and joiner; left-to-right and right-to-left marks</description></item>
/// <item><term>U+202A–U+202E</term><description>bidirectional embeddings and overrides</description></item>
/// <item><term>U+2060–U+206F</term><description>word joiner, invisible operators (function application, times, separator, plus), bidirectional isolates, deprecated format characters (U+2065 reserved)</description></item>
/// <item><term>U+3164</term><description>Hangul filler</description></item>
/// <item><term>U+FE00–U+FE0F</term><description>variation selectors 1–16</description></item>
/// <item><term>U+FEFF</term><description>zero-width no-break space (byte order mark)</description></item>
/// <item><term>U+FFA0</term><description>half-width Hangul filler</description></item>
/// <item><term>U+FFF0–U+FFF8</term><description>reserved</description></item>
/// <item><term>U+1BCA0–U+1BCA3</term><description>shorthand format controls</description></item>
/// <item><term>U+1D173–U+1D17A</term><description>musical symbol format controls (beams, ties, slurs, phrases)</description></item>
/// <item><term>U+E0000–U+E0FFF</term><description>tag characters (U+E0001, U+E0020–U+E007F), variation selectors 17–256 (U+E0100–U+E01EF), the rest reserved</description></item>
/// </list>
/// Ordinary spaces (U+0020, U+00A0, U+2000–U+200A...) are not in it: they separate words.
/// </remarks>
internal static class DefaultIgnorables
{
    /// <summary>Tells whether a code point is a <c>Default_Ignorable_Code_Point</c>.</summary>
    /// <param name="codePoint">A Unicode code point (a scalar value or a lone surrogate).</param>
    /// <returns><see langword="true"/> when renderers show nothing for it.</returns>
    public static bool Contains(int codePoint) => codePoint switch
    {
        < 0xAD => false,
        0xAD or 0x34F or 0x61C => true,
        >= 0x115F and <= 0x1160 => true,
        >= 0x17B4 and <= 0x17B5 => true,
        >= 0x180B and <= 0x180F => true,
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        0x3164 => true,
        >= 0xFE00 and <= 0xFE0F => true,
        0xFEFF or 0xFFA0 => true,
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true,
        _ => false,
    };
}
