using System.Diagnostics;
using System.Text;
using SentiMail.Context;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Parsing;

/// <summary>An email inside an archive attachment (ZIP, gzip, tar, an archive in an archive) is opened as an attached
/// message: its links, text, forms and files are analysed, named by where they were found; limits keep it bounded.</summary>
public class ArchivedMessageTests
{
    private const string Rfc822 = "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"invoice.eml\"";

    private const string PhishingHtml =
        "<html><body><p>Dear customer, your PayPal account has been limited. Verify your account within 24 hours or it will be closed.</p>"
        + "<p><a href=\"http://paypa1-resolution.com/signin\">https://www.paypal.com/signin</a></p>"
        + "<form action=\"http://paypa1-resolution.com/collect.php\" method=\"post\"><input name=\"email\"><input type=\"password\" name=\"pw\"><input type=\"submit\"></form></body></html>";

    public static TheoryData<string> Wrappers => ["zip", "gzip", "tar", "tgz", "zip-in-zip", "txt-in-zip", "mbox-line", "zip-without-directory", "zip-behind-a-picture"];

    [Fact]
    public async Task AnalyzeAsync_PhishingMessageInZip_ScoresAsTheSameMessageAttached()
    {
        // Before messages in archives were opened, this scored 57 (Suspicious): the .eml read as a page (its HTML comes
        // first) gave attachment.html-credential-form and attachment.html, and nothing else. Attached as message/rfc822,
        // the same message scores 100 (Malicious).
        var engine = TestEngines.Create();
        var attached = await engine.AnalyzeAsync(RawMime.Message(RawMime.Part(Rfc822, Phishing())));
        var zipped = await engine.AnalyzeAsync(Zipped("invoice.zip", TestFiles.Zip(("invoice.eml", Phishing()))));

        Assert.Equal("Malicious", zipped.Verdict.ToString());
        Assert.True(zipped.Score >= attached.Score, $"zipped {zipped.Score} < attached {attached.Score}");
        foreach (var id in (string[])["link.credential-form", "brand.lookalike-link-domain", "link.text-href-mismatch", "attachment.executable", "attachment.double-extension", "content.urgent-credential-request"])
        {
            Assert.Contains(zipped.Signals, s => s.Id == id);
        }

        var form = Assert.Single(zipped.Signals, s => s.Id == "link.credential-form");
        Assert.Contains(form.Evidence, e => e.Location == "attachment:invoice.zip/invoice.eml");
        var lookalike = Assert.Single(zipped.Signals, s => s.Id == "brand.lookalike-link-domain");
        Assert.Contains(lookalike.Evidence, e => e.Location == "attachment:invoice.zip/invoice.eml");
        var executable = Assert.Single(zipped.Signals, s => s.Id == "attachment.executable");
        Assert.Contains(executable.Evidence, e => e.Location == "attachment:invoice.zip/invoice.eml/statement.pdf.exe");
    }

    [Theory]
    [MemberData(nameof(Wrappers))]
    public async Task AnalyzeAsync_ExecutableInArchivedMessage_IsFoundWhereItIs(string wrapper)
    {
        var inner = AttachedMessageTests.Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()));
        var (archive, path) = wrapper switch
        {
            "zip" => (TestFiles.Zip(("fwd/invoice.eml", inner)), "invoice.zip/fwd/invoice.eml"),
            "gzip" => (TestArchives.Gzip(inner), "invoice.zip/invoice"),
            "tar" => (TestArchives.Tar(("invoice.eml", inner)), "invoice.zip/invoice.eml"),
            "tgz" => (TestArchives.Gzip(TestArchives.Tar(("invoice.eml", inner)), "mail.tar"), "invoice.zip/mail.tar/invoice.eml"),
            "zip-in-zip" => (TestFiles.Zip(("mail.zip", TestFiles.Zip(("invoice.eml", inner)))), "invoice.zip/mail.zip/invoice.eml"),
            "txt-in-zip" => (TestFiles.Zip(("forwarded.txt", inner)), "invoice.zip/forwarded.txt"),
            "zip-without-directory" => (TestArchives.Damage(TestFiles.Zip(("invoice.eml", inner)), "no-central-directory"), "invoice.zip/invoice.eml"),
            "zip-behind-a-picture" => ([.. "GIF89a"u8, .. new byte[2000], .. TestFiles.Zip(("invoice.eml", inner))], "invoice.zip/invoice.eml"),
            _ => (TestFiles.Zip(("saved", [.. "From carol@example.com Mon Nov  2 08:00:00 2026\r\n"u8, .. inner])), "invoice.zip/saved"),
        };

        var report = await TestEngines.Create().AnalyzeAsync(Zipped("invoice.zip", archive));

        var signal = Assert.Single(report.Signals, s => s.Id == "attachment.executable");
        Assert.Contains(signal.Evidence, e => e.Location == $"attachment:{path}/invoice.exe");
        Assert.Equal("Malicious", report.Verdict.ToString());
    }

    [Fact]
    public void Build_MessageInArchive_FeedsTextLinksAndForms()
    {
        var context = TestEngines.Context(Zipped("invoice.zip", TestFiles.Zip(("invoice.eml", Phishing()))));

        Assert.Contains("your PayPal account has been limited", context.VisibleText, StringComparison.Ordinal);
        Assert.Contains(context.Links, l => l.Host == "paypa1-resolution.com" && l.Location == "attachment:invoice.zip/invoice.eml");
        Assert.DoesNotContain(context.Links, l => l.Host == "paypa1-resolution.com" && l.Location.StartsWith("body", StringComparison.Ordinal));
        Assert.Contains(context.Forms, f => f.HasPasswordField && f.Location == "attachment:invoice.zip/invoice.eml");
        Assert.Contains(context.Attachments, a => a.FileName == "invoice.zip/invoice.eml/statement.pdf.exe");
        Assert.Empty(context.Uninspected);
    }

    [Fact]
    public void Build_UrlWrittenInTheTextOfAnArchivedMessage_IsReportedThere()
    {
        var inner = RawMime.Bytes("From: Carol <carol@example.com>\r\nSubject: Fwd\r\n\r\nSign in at https://paypa1-resolution.com/signin today.\r\n");

        var context = TestEngines.Context(Zipped("notes.zip", TestFiles.Zip(("fwd.eml", inner))));

        var link = Assert.Single(context.Links, l => l.Host == "paypa1-resolution.com");
        Assert.Equal("attachment:notes.zip/fwd.eml", link.Location);
        Assert.Contains("Please see the attached file.", context.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_NewsletterInZip_StaysClean()
    {
        var newsletter = RawMime.Bytes(
            "From: Harbourline News <news@harbourline-design.com>\r\nTo: bob@example.org\r\nSubject: Harbourline monthly: the new studio\r\n"
            + "Date: Mon, 02 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
            + "<html><body><h1>Our new studio</h1><p>This month we moved into the new studio by the harbour. Come and see the drawings of the spring projects.</p>"
            + "<p>Read more on <a href=\"https://www.harbourline-design.com/news/studio\">our site</a>.</p></body></html>\r\n");

        var report = await TestEngines.Create().AnalyzeAsync(Zipped("news.zip", TestFiles.Zip(("newsletter.eml", newsletter))));

        Assert.Equal("Clean", report.Verdict.ToString());
        Assert.DoesNotContain(report.Signals, s => s.Id.StartsWith("link.", StringComparison.Ordinal) || s.Id.StartsWith("brand.", StringComparison.Ordinal) || s.Id == "mime.partly-inspected");
    }

    [Theory]
    [InlineData("From: the notes of the meeting, as Alice wrote them.\r\nFrom: here on we talk about the budget: it is fine.\r\nWe agreed on the planning.\r\n\r\nSee https://paypa1-resolution.com/signin\r\n")]
    [InlineData("Subject: the budget\r\nwe agreed on it: https://paypa1-resolution.com/signin\r\n")]
    [InlineData("Note: nothing here is a message header.\r\n\r\nSee https://paypa1-resolution.com/signin\r\n")]
    [InlineData("Subject: a header block that never ends https://paypa1-resolution.com/signin")]
    public void Build_TextInZipThatOnlyStartsLikeAMessage_IsNotOpened(string text)
    {
        var context = TestEngines.Context(Zipped("notes.zip", TestFiles.Zip(("notes.txt", RawMime.Bytes(text)))));

        Assert.DoesNotContain(context.Links, l => l.Host == "paypa1-resolution.com");
        Assert.Equal(["notes.zip"], context.Attachments.Select(a => a.FileName));
        Assert.Empty(context.Uninspected);
    }

    [Fact]
    public void Build_PageInZipThatStartsWithHeaders_IsReadAsAPageNotAMessage()
    {
        // An MHTML page starts with header fields: it opens in the browser, where the attachment checks read it.
        var mhtml = RawMime.Bytes("From: <Saved by Blink>\r\nSubject: page\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<a href=\"https://paypa1-resolution.com/\">x</a>\r\n");

        var context = TestEngines.Context(Zipped("page.zip", TestFiles.Zip(("page.mht", mhtml))));

        Assert.DoesNotContain(context.Links, l => l.Host == "paypa1-resolution.com");
    }

    [Fact]
    public async Task AnalyzeAsync_ArchiveHoldingAMessageHoldingAnArchive_StopsAtTheDepthLimit()
    {
        // Quine-like recursion: a zip holding a message holding a zip holding a message... 60 levels down, past the depth
        // limit. The walk ends, says what it left out, and what it read is still analysed.
        var raw = AttachedMessageTests.Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()));
        for (var i = 0; i < 60; i++)
        {
            raw = RawMime.Bytes("From: Carol <carol@example.com>\r\nSubject: level " + i + "\r\nMIME-Version: 1.0\r\n"
                + RawMime.Mixed("b" + i, RawMime.Attachment("level.zip", TestFiles.Zip(("level.eml", raw)), "application/zip")));
        }

        var watch = Stopwatch.StartNew();
        var report = await TestEngines.Create().AnalyzeAsync(raw);
        watch.Stop();

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        var gap = Assert.Single(report.Signals, s => s.Id == "mime.partly-inspected");
        Assert.Contains(gap.Evidence, e => e.Value.Contains("nest deeper", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Signals, s => s.Id == "attachment.executable");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Build_ArchiveHoldingAMessageHoldingTheSameArchive_IsSearchedOnce()
    {
        // The same archive met again (attached twice here, or held by a message it holds, as a quine would be) is not
        // searched again: its messages were read the first time.
        var zip = TestFiles.Zip(("fwd.eml", AttachedMessageTests.Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()))));
        var inner = RawMime.Bytes("From: Carol <carol@example.com>\r\nSubject: again\r\nMIME-Version: 1.0\r\n" + RawMime.Mixed("again", RawMime.Attachment("a.zip", zip, "application/zip")));
        var outer = TestFiles.Zip(("again.eml", inner), ("fwd.eml", AttachedMessageTests.Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()))));

        var context = TestEngines.Context(RawMime.Message(RawMime.Attachment("a.zip", zip, "application/zip"), RawMime.Attachment("b.zip", outer, "application/zip")));

        Assert.Equal(
            ["a.zip", "a.zip/fwd.eml/invoice.exe", "b.zip", "b.zip/again.eml/a.zip", "b.zip/fwd.eml/invoice.exe"],
            context.Attachments.Select(a => a.FileName));
    }

    [Fact]
    public async Task AnalyzeAsync_ZipWithAThousandMessages_IsReadUpToThePartLimit()
    {
        var entries = Enumerable.Range(0, 1000)
            .Select(i => ($"m{i}.eml", RawMime.Bytes($"From: Carol <carol@example.com>\r\nSubject: note {i}\r\n\r\nNote {i}.\r\n")))
            .ToArray();
        var raw = Zipped("notes.zip", TestFiles.Zip(entries));

        var watch = Stopwatch.StartNew();
        var report = await TestEngines.Create().AnalyzeAsync(raw);
        watch.Stop();

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");

        var context = TestEngines.Context(raw, o => o.Limits.MaxParts = 100);
        Assert.Contains("Note 0.", context.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Note 999.", context.TextBody, StringComparison.Ordinal);
        Assert.Contains(context.Uninspected, u => u.Reason == UninspectedReason.LimitReached);
    }

    [Fact]
    public async Task AnalyzeAsync_ZipOfMessagesEachHoldingAnotherZip_StaysBounded()
    {
        // 400 messages in one zip, each holding a zip of its own (all different) that holds a message with a program.
        var entries = Enumerable.Range(0, 400).Select(i =>
        {
            var innermost = AttachedMessageTests.Inner(RawMime.Attachment($"run{i}.exe", TestFiles.WindowsExecutable()));
            var middle = RawMime.Bytes($"From: Carol <carol@example.com>\r\nSubject: part {i}\r\nMIME-Version: 1.0\r\n"
                + RawMime.Mixed("m" + i, RawMime.Attachment($"part{i}.zip", TestFiles.Zip(($"in{i}.eml", innermost)), "application/zip")));
            return ($"m{i}.eml", middle);
        }).ToArray();

        var watch = Stopwatch.StartNew();
        var report = await TestEngines.Create().AnalyzeAsync(Zipped("all.zip", TestFiles.Zip(entries)));
        watch.Stop();

        Assert.DoesNotContain(report.Signals, s => s.Id is "analyzer.error" or "analyzer.timeout");
        Assert.Contains(report.Signals, s => s.Id == "attachment.executable");
        Assert.Contains(report.Signals, s => s.Id == "mime.partly-inspected");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Build_MessageInZipPastTheDecodingBudget_IsReadUpToItAndReported()
    {
        // 200 KB of padding after the lure compress to next to nothing; the message limit (and decoding budget) is 64 KiB.
        var padded = RawMime.Bytes("From: Carol <carol@example.com>\r\nSubject: Fwd\r\n\r\nSign in at https://paypa1-resolution.com/signin today.\r\n" + new string('x', 200_000) + "\r\n");
        var raw = Zipped("big.zip", TestFiles.Zip(("big.eml", padded)));

        var context = TestEngines.Context(raw, o =>
        {
            o.Limits.MaxMessageBytes = 64 * 1024;
            o.Limits.MaxHeaderBytes = 16 * 1024;
        });

        Assert.Contains(context.Links, l => l.Host == "paypa1-resolution.com" && l.Location == "attachment:big.zip/big.eml");
        var gap = Assert.Single(context.Uninspected);
        Assert.Equal(UninspectedReason.LimitReached, gap.Reason);
        Assert.Equal("attachment:big.zip/big.eml", gap.Location);
    }

    [Fact]
    public void Build_MessageInZipLargerThanAFileInAnArchiveIsRead_IsReadInPartAndReported()
    {
        var padded = RawMime.Bytes("From: Carol <carol@example.com>\r\nSubject: Fwd\r\n\r\nSign in at https://paypa1-resolution.com/signin today.\r\n" + new string('x', 9 * 1024 * 1024) + "\r\n");

        var context = TestEngines.Context(Zipped("big.zip", TestFiles.Zip(("big.eml", padded))));

        Assert.Contains(context.Links, l => l.Host == "paypa1-resolution.com");
        var gap = Assert.Single(context.Uninspected);
        Assert.Contains("only its beginning", gap.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ArchivesPastTheirSharedBudget_AreReported()
    {
        // Each archive decompresses to 6 KB; the message's archives may decompress 8 KiB in all to find messages.
        var filler = Encoding.ASCII.GetBytes(new string('x', 6000));
        var first = TestFiles.Zip(("filler.txt", filler));
        var second = TestFiles.Zip(("filler.bin", filler), ("late.eml", AttachedMessageTests.Inner(RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()))));

        var context = TestEngines.Context(
            RawMime.Message(RawMime.Attachment("first.zip", first, "application/zip"), RawMime.Attachment("second.zip", second, "application/zip")),
            o => o.Limits.MaxArchiveDecompressedBytes = 8 * 1024);

        Assert.DoesNotContain(context.Attachments, a => a.FileName.EndsWith("invoice.exe", StringComparison.Ordinal));
        var gap = Assert.Single(context.Uninspected);
        Assert.Equal("attachment:second.zip", gap.Location);
    }

    [Fact]
    public void Build_MessageInRar_IsReportedNotInspected()
    {
        var context = TestEngines.Context(Zipped("mail.rar", TestArchives.Rar4("readme.txt", "invoice.eml")));

        var gap = Assert.Single(context.Uninspected);
        Assert.Equal("attachment:mail.rar/invoice.eml", gap.Location);
    }

    [Fact]
    public void Build_NamedEmlInZipThatIsNoMessage_IsNotOpened()
    {
        var context = TestEngines.Context(Zipped("mail.zip", TestFiles.Zip(("empty.eml", []), ("binary.eml", [0, 1, 2, 3, 0, 0]))));

        Assert.Equal(["mail.zip"], context.Attachments.Select(a => a.FileName));
        Assert.DoesNotContain(context.Uninspected, u => u.Reason != UninspectedReason.Undecodable);
    }

    [Theory]
    [InlineData("From: a@example.com\r\nSubject: hi\r\n\r\nbody", true)]
    [InlineData("From: a@example.com\nSubject: hi\n\nbody", true)]
    [InlineData("From a@example.com Mon Nov  2 08:00:00 2026\r\nFrom: a@example.com\r\n\r\nbody", true)]
    [InlineData("Subject: a subject\r\n folded on\r\nX-Note : obsolete blank space\r\n\r\n", true)]
    [InlineData("X-Note: only fields no message has\r\nContent-Type: text/plain\r\n\r\nbody", false)]
    [InlineData(" From: a folded line first\r\n\r\nbody", false)]
    [InlineData("From: a@example.com\r\nthen prose: not a field\r\n\r\nbody", false)]
    [InlineData("From: a@example.com\r\nSubject: no blank line", false)]
    [InlineData("", false)]
    public void HasHeaderBlock_TellsAMessageFromTextThatStartsLikeOne(string text, bool expected) =>
        Assert.Equal(expected, SentiMail.Parsing.MessageText.HasHeaderBlock(Encoding.ASCII.GetBytes(text)));

    /// <summary>A phishing message: a PayPal look-alike link, a password form, a program posing as a PDF.</summary>
    internal static byte[] Phishing() => RawMime.Bytes(
        "From: PayPal Service <service@paypa1-resolution.com>\r\nTo: bob@example.org\r\nSubject: Your account has been limited\r\n"
        + "Date: Mon, 02 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"in\"\r\n\r\n"
        + "--in\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + PhishingHtml + "\r\n"
        + "--in\r\n" + RawMime.Attachment("statement.pdf.exe", TestFiles.WindowsExecutable()) + "--in--\r\n");

    private static byte[] Zipped(string name, byte[] archive) => RawMime.Message(RawMime.Attachment(name, archive, "application/zip"));
}
