using System.Text;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>
/// Seeded random mutations of real messages (truncation, byte flips, huge header lines, duplicated boundaries, deep
/// nesting, NUL bytes, bare LF): the engine either analyses the result or rejects it with a typed reason, and no
/// analyzer fails on it.
/// </summary>
public class MutationTests
{
    private const int MutationsPerMessage = 50;

    private static readonly string[] s_mimeMessages =
    [
        "mime-postal-mime/mimetorture.eml",
        "mime-stalwart-mailparser/malformed/000.eml",
        "mime-stalwart-mailparser/thirdparty/005.eml",
        "mime-mimekit/multipart-digest.txt",
    ];

    private static readonly byte[] s_hugeHeaderLine = Encoding.ASCII.GetBytes("X-Huge: " + new string('x', 200 * 1024) + "\r\n");

    public static TheoryData<string> Inputs => [.. TestPaths.SampleNames().Select(n => "sample:" + n), .. s_mimeMessages.Select(n => "mime:" + n)];

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task AnalyzeAsync_RandomMutations_AnalysedOrRejectedNeverThrowsOtherwise(string input)
    {
        var original = await File.ReadAllBytesAsync(input.StartsWith("sample:", StringComparison.Ordinal)
            ? TestPaths.Sample(input["sample:".Length..])
            : TestPaths.MimeMessage(input["mime:".Length..]));
        var engine = TestEngines.Create();
        var baseSeed = StableHash(input);

        for (var i = 0; i < MutationsPerMessage; i++)
        {
            var seed = baseSeed + i;
            var random = new Random(seed);
            var (kind, mutated) = Mutate(original, random, i);
            try
            {
                var report = await engine.AnalyzeAsync(mutated);
                Assert.InRange(report.Score, 0, 100);
                Assert.DoesNotContain(report.Signals, s => s.Id == "analyzer.error");
            }
            catch (MessageRejectedException ex)
            {
                Assert.True(Enum.IsDefined(ex.Reason));
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{input}, mutation {i} ({kind}, seed {seed}) threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }
    }

    [Fact]
    public void Mutate_SameSeed_GivesTheSameBytes()
    {
        var original = TestMessages.Text("Hello.");

        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(Mutate(original, new Random(42), i).Bytes, Mutate(original, new Random(42), i).Bytes);
        }
    }

    internal static (string Kind, byte[] Bytes) Mutate(byte[] original, Random random, int iteration) => (iteration % 8) switch
    {
        0 => ("truncate", original[..random.Next(0, original.Length)]),
        1 => ("flip-bytes", FlipBytes(original, random)),
        2 => ("huge-header-line", Insert(original, HeaderLineStart(original, random), s_hugeHeaderLine)),
        3 => ("duplicate-boundary", DuplicateBoundary(original, random)),
        4 => ("nest-100-multiparts", NestInMultiparts(original, 100)),
        5 => ("nul-bytes", InsertNuls(original, random)),
        6 => ("crlf-to-lf", CrlfToLf(original)),
        _ => ("truncate-and-flip", FlipBytes(original[..random.Next(original.Length / 2, original.Length)], random)),
    };

    private static byte[] FlipBytes(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var flips = random.Next(1, 32);
        for (var f = 0; f < flips && bytes.Length > 0; f++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] InsertNuls(byte[] original, Random random)
    {
        var bytes = original;
        var count = random.Next(1, 8);
        for (var n = 0; n < count; n++)
        {
            bytes = Insert(bytes, random.Next(bytes.Length + 1), [0]);
        }

        return bytes;
    }

    private static int HeaderLineStart(byte[] original, Random random)
    {
        // Somewhere among the first lines, at a line start.
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < original.Length && lineStarts.Count < 20; i++)
        {
            if (original[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        return lineStarts[random.Next(lineStarts.Count)];
    }

    private static byte[] DuplicateBoundary(byte[] original, Random random)
    {
        var text = Encoding.Latin1.GetString(original);
        var lines = text.Split('\n');
        var boundaryLines = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("--", StringComparison.Ordinal)).ToList();
        if (boundaryLines.Count == 0)
        {
            return original;
        }

        var pick = boundaryLines[random.Next(boundaryLines.Count)];
        var copies = random.Next(1, 4);
        var result = lines.Take(pick + 1).Concat(Enumerable.Repeat(lines[pick], copies)).Concat(lines.Skip(pick + 1));
        return Encoding.Latin1.GetBytes(string.Join('\n', result));
    }

    private static byte[] NestInMultiparts(byte[] original, int depth)
    {
        var head = new StringBuilder("From: nest@example.com\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        for (var d = 0; d < depth; d++)
        {
            head.Append("Content-Type: multipart/mixed; boundary=\"n").Append(d).Append("\"\r\n\r\n--n").Append(d).Append("\r\n");
        }

        head.Append("Content-Type: message/rfc822\r\n\r\n");
        var tail = new StringBuilder("\r\n");
        for (var d = depth - 1; d >= 0; d--)
        {
            tail.Append("--n").Append(d).Append("--\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. original, .. Encoding.ASCII.GetBytes(tail.ToString())];
    }

    private static byte[] CrlfToLf(byte[] original) =>
        Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(original).Replace("\r\n", "\n", StringComparison.Ordinal));

    private static byte[] Insert(byte[] original, int index, byte[] insert) => [.. original.AsSpan(0, index), .. insert, .. original.AsSpan(index)];

    private static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash & 0x3FFFFFFF;
    }
}
