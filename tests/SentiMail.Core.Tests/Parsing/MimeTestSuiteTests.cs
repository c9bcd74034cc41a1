using System.Security.Cryptography;
using SentiMail.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>
/// The MIME test messages of other parsers (stalwart mail-parser, MimeKit, postal-mime, mailparser), copied with their
/// licences into <c>TestData/mime/</c>: every one is analysed or rejected with a typed reason, never anything else.
/// </summary>
public class MimeTestSuiteTests
{
    public static TheoryData<string> Messages => [.. TestPaths.MimeMessageNames()];

    [Fact]
    public void Suites_TestData_HoldsEveryCopiedMessage()
    {
        var names = TestPaths.MimeMessageNames();

        Assert.Equal(53, names.Count(n => n.StartsWith("mime-stalwart-mailparser/", StringComparison.Ordinal)));
        Assert.Equal(12, names.Count(n => n.StartsWith("mime-mimekit/", StringComparison.Ordinal)));
        Assert.Equal(3, names.Count(n => n.StartsWith("mime-postal-mime/", StringComparison.Ordinal)));
        Assert.Equal(4, names.Count(n => n.StartsWith("mime-mailparser-js/", StringComparison.Ordinal)));
        foreach (var suite in new[] { "mime-stalwart-mailparser/LICENSES/MIT.txt", "mime-stalwart-mailparser/LICENSES/Apache-2.0.txt", "mime-mimekit/LICENSE", "mime-postal-mime/LICENSE.txt", "mime-mailparser-js/LICENSE" })
        {
            Assert.True(File.Exists(TestPaths.MimeMessage(suite)), suite);
        }
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task AnalyzeFileAsync_SuiteMessage_IsAnalysedDeterministicallyOrRejected(string name)
    {
        var engine = TestEngines.Create();
        var path = TestPaths.MimeMessage(name);

        try
        {
            var first = await engine.AnalyzeFileAsync(path);
            var second = await engine.AnalyzeFileAsync(path);

            Assert.Equal(EmailAnalyzerTests.Fingerprint(first), EmailAnalyzerTests.Fingerprint(second));
            Assert.InRange(first.Score, 0, 100);
            Assert.DoesNotContain(first.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        }
        catch (MessageRejectedException ex)
        {
            Assert.True(Enum.IsDefined(ex.Reason), name);
        }
    }

    [Fact]
    public void MailparserJs_Base64EncodedRoot_AttachmentSha256Matches()
    {
        var context = TestEngines.Context(File.ReadAllBytes(TestPaths.MimeMessage("mime-mailparser-js/base64encodedroot.eml")));

        var attachment = Assert.Single(context.Attachments);
        Assert.Equal("3d0c2d17edd1fed968f66ca200e7c165efd63834b488eec53deb24cca49c3d7b", attachment.Sha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(attachment.Content.Span)), attachment.Sha256);
    }

    [Fact]
    public void MailparserJs_LargeText_FirstLineOfTextBody()
    {
        var context = TestEngines.Context(File.ReadAllBytes(TestPaths.MimeMessage("mime-mailparser-js/large_text.eml")));

        Assert.StartsWith("Exception during installation:", context.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void MimeKit_Japanese_AsciiPartsDecoded()
    {
        var context = TestEngines.Context(File.ReadAllBytes(TestPaths.MimeMessage("mime-mimekit/japanese.txt")));

        // MimeKit's expected subject is "日本語メールテスト (testing Japanese emails)", but ISO-2022-JP needs the code-pages
        // encoding provider, which the engine does not register: only the ASCII parts come through.
        Assert.EndsWith(" (testing Japanese emails)", context.Subject, StringComparison.Ordinal);
        Assert.Contains("Let's see if both subject and body works fine...", context.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void MimeKit_MissingSubtype_KeepsTheFileName()
    {
        var context = TestEngines.Context(File.ReadAllBytes(TestPaths.MimeMessage("mime-mimekit/missing-subtype.txt")));

        Assert.Contains(context.Attachments, a => a.FileName == "document.xml.gz");
    }

    [Fact]
    public void MimeKit_FeedbackReportWithBom_IsAnEmail()
    {
        var context = TestEngines.Context(File.ReadAllBytes(TestPaths.MimeMessage("mime-mimekit/feedback-report.txt")));

        Assert.Equal("multipart/report", context.Message.Body?.ContentType.MimeType);
    }

    [Fact]
    public void PostalMime_MimeTorture_ParsesEveryNestedMessage()
    {
        var raw = File.ReadAllBytes(TestPaths.MimeMessage("mime-postal-mime/mimetorture.eml"));
        var parsed = new MessageParser(new MessageLimits()).Parse(raw, raw.Length, CancellationToken.None);

        Assert.True(parsed.Entities.Count(e => e.Entity is MimeKit.MessagePart) >= 11);
        Assert.All(parsed.Entities, e => Assert.InRange(e.Depth, 0, 32));
    }
}
