using System.Text;
using SentiMail.Context;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>An attached message is opened whatever its transfer encoding or declared type, as mail clients open it.</summary>
public class AttachedMessageTests
{
    private const string Rfc822 = "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd.eml\"";

    public static TheoryData<string> Wrappers => ["message-rfc822-base64", "message-rfc822-quoted-printable", "message-global-base64", "octet-stream-named-eml", "text-plain-named-eml", "octet-stream-sniffed"];

    [Theory]
    [MemberData(nameof(Wrappers))]
    public async Task AnalyzeAsync_ExecutableInEncodedAttachedMessage_IsFound(string wrapper)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Wrap(wrapper, Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()))));

        var signal = Assert.Single(report.Signals, s => s.Id == "attachment.executable");
        Assert.Contains(signal.Evidence, e => e.Location == "attachment:invoice.exe");
        Assert.Equal("Malicious", report.Verdict.ToString());
    }

    [Theory]
    [MemberData(nameof(Wrappers))]
    public async Task AnalyzeAsync_HarmlessFileInEncodedAttachedMessage_RaisesNothing(string wrapper)
    {
        var report = await TestEngines.Create().AnalyzeAsync(Wrap(wrapper, Inner(RawMime.Attachment("agenda.txt", TestFiles.PlainText(), "text/plain"))));

        Assert.Empty(report.Signals.Where(s => s.Category == SentiMail.Signals.SignalCategory.Attachments).Select(s => s.Id + " " + s.Description));
    }

    [Fact]
    public void Build_AttachedMessageInBase64_ItsPartsFollowIt()
    {
        var context = TestEngines.Context(Wrap("message-rfc822-base64", Inner(RawMime.Attachment("invoice.pdf", TestFiles.Pdf(), "application/pdf"))));

        // The encoded message itself is an attachment (an email), and the file it holds another.
        Assert.Equal(["fwd.eml", "invoice.pdf"], context.Attachments.Select(a => a.FileName));
        Assert.Contains("Inner text.", context.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_AttachedMessagesNestedInBase64_AreOpenedAtEveryLevel()
    {
        var raw = Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()));
        for (var i = 0; i < 5; i++)
        {
            raw = RawMime.Bytes(RawMime.Headers() + RawMime.Mixed("level" + i, RawMime.Part(Rfc822, raw)));
        }

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Contains(report.Signals, s => s.Id == "attachment.executable");
    }

    [Fact]
    public async Task AnalyzeAsync_AttachedMessagesNestedPastTheDepthLimit_AreReported()
    {
        var raw = Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()));
        for (var i = 0; i < 12; i++)
        {
            raw = RawMime.Bytes(RawMime.Headers() + RawMime.Mixed("level" + i, RawMime.Part(Rfc822, raw)));
        }

        var report = await TestEngines.Create(o => o.Limits.MaxMimeDepth = 16).AnalyzeAsync(raw);

        Assert.DoesNotContain(report.Signals, s => s.Id == "attachment.executable");
        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
    }

    [Fact]
    public void Build_PartsOfAttachedMessages_CountInThePartLimit()
    {
        var inner = RawMime.Bytes(RawMime.Headers() + RawMime.Mixed("in", [.. Enumerable.Repeat(RawMime.Part("Content-Type: text/plain", "."u8.ToArray(), "7bit"), 30)]));

        var context = TestEngines.Context(RawMime.Message(RawMime.Part(Rfc822, inner), RawMime.Part(Rfc822, inner)), o => o.Limits.MaxParts = 40);

        Assert.Equal(UninspectedReason.LimitReached, Assert.Single(context.Uninspected).Reason);
    }

    [Fact]
    public void Build_EncodedMessagesPastTheDecodingBudget_AreReportedNotDecoded()
    {
        // Quoted-printable keeps text at about its size: five levels of messages, each holding the next, decode to about
        // five times the message. The budget is the message size limit, for all containers together. The benign twin:
        // the same nesting in plain message/rfc822 entities, which MimeKit reads in place, decodes nothing.
        var plain = Inner(RawMime.Attachment("notes.txt", Encoding.ASCII.GetBytes(new string('x', 4000)), "text/plain"));
        for (var i = 0; i < 5; i++)
        {
            plain = RawMime.Bytes(RawMime.Headers() + RawMime.Mixed("level" + i, RawMime.Part(Rfc822, plain, "7bit")));
        }

        Assert.Empty(TestEngines.Context(plain, o => o.Limits.MaxMessageBytes = plain.Length + 1024).Uninspected);

        var qp = Inner(RawMime.Attachment("notes.txt", Encoding.ASCII.GetBytes(new string('x', 4000)), "text/plain"));
        for (var i = 0; i < 5; i++)
        {
            qp = RawMime.Bytes(RawMime.Headers() + RawMime.Mixed("level" + i, RawMime.Part(Rfc822, qp, "quoted-printable")));
        }

        var limited = TestEngines.Context(qp, o => o.Limits.MaxMessageBytes = qp.Length + 1024);

        var gap = Assert.Single(limited.Uninspected);
        Assert.Equal(UninspectedReason.LimitReached, gap.Reason);
        Assert.Contains("encoded content", gap.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("\u0000\u0001\u0002\u0003 not a message")]
    public async Task AnalyzeAsync_DeclaredAttachedMessageThatIsGarbage_IsAnalysedWithoutError(string content)
    {
        var report = await TestEngines.Create().AnalyzeAsync(RawMime.Message(RawMime.Part(Rfc822, RawMime.Bytes(content))));

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
    }

    [Fact]
    public void Build_TextAttachmentThatMerelyMentionsHeaders_IsNotOpened()
    {
        // A plain body that quotes a forwarded message stays body text: only attachments are sniffed.
        var raw = RawMime.Bytes(RawMime.Headers() + "Content-Type: text/plain\r\n\r\nFrom: Carol <carol@example.com>\r\nSubject: lunch\r\n\r\nSee you at noon.\r\n");

        var context = TestEngines.Context(raw);

        Assert.Empty(context.Attachments);
        Assert.Contains("See you at noon.", context.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A message with a text part and <paramref name="part"/>, to be attached.</summary>
    internal static byte[] Inner(string part) =>
        RawMime.Bytes("From: Carol <carol@example.com>\r\nTo: bob@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
            + RawMime.Mixed("inner-boundary", part).Replace("Please see the attached file.", "Inner text.", StringComparison.Ordinal));

    private static byte[] Wrap(string wrapper, byte[] inner) => RawMime.Message(wrapper switch
    {
        "message-rfc822-base64" => RawMime.Part(Rfc822, inner),
        "message-rfc822-quoted-printable" => RawMime.Part(Rfc822, inner, "quoted-printable"),
        "message-global-base64" => RawMime.Part("Content-Type: message/global\r\nContent-Disposition: attachment; filename=\"fwd.u8msg\"", inner),
        "octet-stream-named-eml" => RawMime.Attachment("fwd.eml", inner),
        "text-plain-named-eml" => RawMime.Part("Content-Type: text/plain; name=\"fwd.eml\"\r\nContent-Disposition: attachment; filename=\"fwd.eml\"", inner, "7bit"),
        "octet-stream-sniffed" => RawMime.Attachment("forwarded.dat", inner),
        _ => throw new ArgumentOutOfRangeException(nameof(wrapper)),
    });
}
