using System.Diagnostics;
using System.Formats.Asn1;
using System.IO.Compression;
using SentiMail.Context;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>S/MIME opaque signing hides the whole signed entity inside a CMS blob: it is read without verifying.</summary>
public class SmimeTests
{
    private const string Pkcs7 = "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"\r\nContent-Disposition: attachment; filename=\"smime.p7m\"";

    public static TheoryData<string, string> Variants => new()
    {
        { "signed-der.p7m", Pkcs7 },
        { "signed-ber.p7m", Pkcs7 },
        { "signed-der.p7m", "Content-Type: application/x-pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"" },
        { "signed-der.p7m", "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\"" },
        { "signed-der.p7m", "Content-Type: application/octet-stream; name=\"smime.p7m\"" },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task AnalyzeAsync_ExecutableInOpaqueSignedBody_IsFound(string blob, string headers)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(Blob(blob), headers));

        Assert.Equal("Malicious", report.Verdict.ToString());
        Assert.Contains(report.Signals, s => s.Id == "attachment.executable" && s.Evidence.Any(e => e.Location == "attachment:invoice.exe"));
    }

    [Fact]
    public void Build_OpaqueSignedBody_ItsTextIsBodyText()
    {
        var context = TestEngines.Context(Message(Blob("signed-harmless.p7m")));

        Assert.Contains("Please see the attached file.", context.TextBody, StringComparison.Ordinal);
        Assert.Contains(context.Attachments, a => a.FileName == "agenda.txt");
        Assert.Empty(context.Uninspected);
    }

    [Fact]
    public async Task AnalyzeAsync_HarmlessOpaqueSignedBody_RaisesNothing()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(Blob("signed-harmless.p7m")));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id));
    }

    [Fact]
    public async Task AnalyzeAsync_EncryptedBody_IsNotedWithoutWeight()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(Blob("enveloped.p7m"), "Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name=\"smime.p7m\""));

        var signal = Assert.Single(report.Signals, s => s.Id == "mime.encrypted");
        Assert.Equal(0, signal.Weight);
        Assert.DoesNotContain(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public async Task AnalyzeAsync_CompressedEntity_IsInflatedAndRead()
    {
        var report = await TestEngines.Create().AnalyzeAsync(Message(Compressed(ZLib(SignedContent("signed-der.p7m")))));

        Assert.Contains(report.Signals, s => s.Id == "attachment.executable");
    }

    [Fact]
    public void Build_CompressedBomb_StopsAtTheBudget()
    {
        // 64 MiB of zeros deflate to about 64 KB; the budget is the message size limit.
        var watch = Stopwatch.StartNew();
        var context = TestEngines.Context(Message(Compressed(ZLib(new byte[64 * 1024 * 1024]))), o => o.Limits.MaxMessageBytes = 4 * 1024 * 1024);

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 10);
        Assert.Equal(UninspectedReason.LimitReached, Assert.Single(context.Uninspected).Reason);
    }

    public static TheoryData<string, byte[]> Malformed()
    {
        var der = Blob("signed-der.p7m");
        var random = new byte[2048];
        new Random(11).NextBytes(random);
        var data = new TheoryData<string, byte[]>
        {
            { "empty", [] },
            { "random", random },
            { "truncated-10", der[..10] },
            { "truncated-half", der[..(der.Length / 2)] },
            { "truncated-last-byte", der[..^1] },
            { "huge-declared-length", [0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02] },
            { "length-past-int", [0x30, 0x88, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x06, 0x00] },
            { "other-content-type", Cms("1.2.840.113549.1.7.1", w => w.WriteOctetString([1, 2, 3])) },
            { "signed-data-not-a-sequence", Cms("1.2.840.113549.1.7.2", w => w.WriteInteger(5)) },
            { "unclosed-indefinite", [0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x80, 0x30, 0x80] },
            { "deeply-nested-unclosed-octet-string", [.. UnclosedSignedDataHead, .. NestedOctetString(100_000)] },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Build_MalformedCms_IsReportedAsUndecodableQuickly(string name, byte[] blob)
    {
        var watch = Stopwatch.StartNew();

        var context = TestEngines.Context(Message(blob));

        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 5);
        var gap = Assert.Single(context.Uninspected);
        Assert.True(gap.Reason == UninspectedReason.Undecodable, name);
        Assert.Equal("attachment:smime.p7m", gap.Location);
    }

    [Fact]
    public void Read_NestedConstructedOctetStrings_AreReadWithoutRecursion()
    {
        // BER lets an octet string be cut into pieces, themselves cut into pieces: a deep nesting must not overflow the
        // stack. AsnReader keeps its own stack; this proves it with a depth no recursive reader survives.
        var content = "Content-Type: text/plain\r\n\r\nHello.\r\n"u8.ToArray();
        var blob = SignedWithRawContent(WrapConstructed(content, 20_000));

        var result = CmsContent.Read(blob, 1 << 20);

        Assert.Equal(CmsKind.Signed, result.Kind);
        Assert.Equal(content, result.Content);
    }

    /// <summary>A test blob of <c>TestData/smime</c>.</summary>
    internal static byte[] Blob(string name) => File.ReadAllBytes(Path.Combine(TestPaths.TestData, "smime", name));

    /// <summary>A message whose body is this S/MIME blob.</summary>
    internal static byte[] Message(byte[] blob, string headers = Pkcs7) =>
        RawMime.Bytes(RawMime.Headers() + RawMime.Part(headers, blob));

    /// <summary>The MIME entity signed in a test blob.</summary>
    private static byte[] SignedContent(string name) => CmsContent.Read(Blob(name), 1 << 20).Content!;

    private static byte[] ZLib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>CompressedData (RFC 3274) holding zlib-compressed content.</summary>
    private static byte[] Compressed(byte[] zlib) => Cms("1.2.840.113549.1.9.16.1.9", w =>
    {
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            using (w.PushSequence())
            {
                w.WriteObjectIdentifier("1.2.840.113549.1.9.16.3.8");
            }

            EncapsulatedData(w, zlib);
        }
    });

    private static void EncapsulatedData(AsnWriter w, byte[] content)
    {
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier("1.2.840.113549.1.7.1");
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                w.WriteOctetString(content);
            }
        }
    }

    /// <summary>A ContentInfo of this type whose [0] content <paramref name="content"/> writes.</summary>
    private static byte[] Cms(string type, Action<AsnWriter> content)
    {
        var w = new AsnWriter(AsnEncodingRules.BER);
        using (w.PushSequence())
        {
            w.WriteObjectIdentifier(type);
            using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                content(w);
            }
        }

        return w.Encode();
    }

    /// <summary>SignedData (no certificates, no signers) whose eContent is <paramref name="rawOctetString"/>, an encoded
    /// OCTET STRING written as it is.</summary>
    private static byte[] SignedWithRawContent(byte[] rawOctetString) => Cms("1.2.840.113549.1.7.2", w =>
    {
        using (w.PushSequence())
        {
            w.WriteInteger(1);
            w.PushSetOf();
            w.PopSetOf(); // no digest algorithms

            using (w.PushSequence())
            {
                w.WriteObjectIdentifier("1.2.840.113549.1.7.1");
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    w.WriteEncodedValue(rawOctetString);
                }
            }

            w.PushSetOf();
            w.PopSetOf(); // no signers
        }
    });

    /// <summary>An octet string nested <paramref name="depth"/> times in constructed, indefinite-length octet strings.</summary>
    private static byte[] WrapConstructed(byte[] content, int depth)
    {
        using var output = new MemoryStream();
        for (var i = 0; i < depth; i++)
        {
            output.Write([0x24, 0x80]);
        }

        var primitive = new AsnWriter(AsnEncodingRules.BER);
        primitive.WriteOctetString(content);
        output.Write(primitive.Encode());
        for (var i = 0; i < depth; i++)
        {
            output.Write([0, 0]);
        }

        return output.ToArray();
    }

    /// <summary>The start of a signed data in indefinite-length BER, up to where its content begins.</summary>
    private static byte[] UnclosedSignedDataHead =>
    [
        0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02, 0xA0, 0x80,
        0x30, 0x80, 0x02, 0x01, 0x01, 0x31, 0x00,
        0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01, 0xA0, 0x80,
    ];

    /// <summary>Constructed octet strings nested <paramref name="depth"/> times, never closed.</summary>
    private static byte[] NestedOctetString(int depth)
    {
        var bytes = new byte[depth * 2];
        for (var i = 0; i < depth; i++)
        {
            bytes[2 * i] = 0x24;
            bytes[(2 * i) + 1] = 0x80;
        }

        return bytes;
    }
}
