using SentiMail.MachineLearning.Features;

namespace SentiMail.MachineLearning.Tests.Features;

public sealed class HashedTextTests
{
    [Theory]
    [InlineData("Hello WORLD, hello world!")]
    [InlineData("FREE $$$ 100% guaranteed!!! Prix : 20 € seulement")]
    [InlineData("Straße Ärger élève КИРИЛЛИЦА 日本語 \U0001F600 tab\tnew\nline")]
    [InlineData("averyveryveryveryverylongwordthatisskipped short abcdefghijklmnopqrstuvwxyzabcdef x")]
    [InlineData("")]
    public void AddWords_HashesLowercaseWordsAndPairsLikeAPlainImplementation(string text)
    {
        var fast = new HashedText();
        fast.AddWords(text, 3, pairs: true, 1000);

        var expected = Reference(text, 3);
        var (indices, values) = fast.ToSparse();

        Assert.Equal(expected.Keys.Order(), indices);
        for (var i = 0; i < indices.Length; i++)
        {
            Assert.Equal(expected[indices[i]], values[i], 5);
        }
    }

    [Fact]
    public void Fields_AreNormalisedOnTheirOwnAndCountRepeatsLogarithmically()
    {
        var text = new HashedText();
        text.BeginField(9, echo: null);
        text.Token("a:", "x");
        text.Token("a:", "x");
        text.Token("a:", "y");
        text.EndField();

        var (_, values) = text.ToSparse();

        // x twice weighs 1 + ln 2, y once weighs 1; together they have unit length.
        var x = 1 + Math.Log(2);
        var norm = Math.Sqrt((x * x) + 1);
        Assert.Equal([1 / norm, x / norm], values.Select(v => (double)v).Order(), new ToleranceComparer(1e-5));
    }

    [Fact]
    public void Token_HashesItsPartsAsOneStringAndEchoesThem()
    {
        var echo = new System.Text.StringBuilder();
        var parts = new HashedText();
        parts.BeginField(5, echo);
        parts.Token("rt:", "Example.COM", lower: true);
        parts.Token("scheme:", "HtmlAnchor", ":", "https");
        parts.EndField();
        var whole = new HashedText();
        whole.BeginField(5, echo: null);
        whole.Token("rt:example.com", []);
        whole.Token("scheme:HtmlAnchor:https", []);
        whole.EndField();

        Assert.Equal(whole.ToSparse().Indices, parts.ToSparse().Indices);
        Assert.Equal("rt:example.com scheme:HtmlAnchor:https", echo.ToString());
    }

    /// <summary>The word hashing written plainly: words of letters, digits and $ % € !, lowercase, at most 32 characters;
    /// FNV-1a seeded by the field; word pairs mixed; counts weighed 1 + ln n and L2-normalised.</summary>
    private static Dictionary<int, double> Reference(string text, uint space)
    {
        var counts = new Dictionary<int, int>();
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c) || c is '$' or '%' or '€' or '!')
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else
            {
                if (current.Length is > 0 and <= 32)
                {
                    words.Add(current.ToString());
                }

                current.Clear();
            }
        }

        uint previous = 0;
        foreach (var word in words)
        {
            var hash = 2166136261u ^ space;
            foreach (var c in word)
            {
                hash = (hash ^ c) * 16777619u;
            }

            hash = hash == 0 ? 1 : hash;
            Count(counts, hash);
            if (previous != 0)
            {
                var pair = (previous * 31u) ^ (hash + 0x9e3779b9u + (previous << 6) + (previous >> 2));
                Count(counts, pair == 0 ? 1 : pair);
            }

            previous = hash;
        }

        var weights = counts.ToDictionary(kv => kv.Key, kv => kv.Value == 1 ? 1 : 1 + Math.Log(kv.Value));
        var norm = Math.Sqrt(weights.Values.Sum(w => w * w));
        return weights.ToDictionary(kv => kv.Key, kv => kv.Value / norm);
    }

    private static void Count(Dictionary<int, int> counts, uint hash)
    {
        var slot = (int)(hash & (SpamModelInput.TextSlots - 1));
        counts[slot] = counts.GetValueOrDefault(slot) + 1;
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
