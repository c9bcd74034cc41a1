using SentiMail.Reporting;
using SentiMail.Signals;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Reporting;

/// <summary>Text taken from a hostile message cannot inject lines or reorder what a reader sees: every description,
/// evidence location and value, and the summary, escape control, bidirectional and zero-width characters.</summary>
public class HostileEvidenceTests
{
    [Fact]
    public async Task AnalyzeAsync_BidiSubjectAndCrLfDisplayName_EverythingShownIsEscaped()
    {
        var headers = HeaderBlock.Standard()
            .Set("Subject", TestMessages.EncodeWord("Your PayPal invoice \u202Efdp.exe\r\nX-Injected: yes"))
            .Set("From", $"{TestMessages.EncodeWord("PayPal\r\nX-Injected: yes \u2066service@paypal.com")} <alice@{HeaderBlock.SenderDomain}>");
        var message = TestMessages.Build(headers, "Hello \u202Ereader\u0007.", null, new TestAttachment("Facture_2026\u202Efdp.exe\r\n.txt", "application/pdf", TestFiles.WindowsExecutable()));

        var report = await TestEngines.Create().AnalyzeAsync(message);

        Assert.Contains(report.Signals, s => s.Id == "brand.display-name-impersonation");
        Assert.Contains(report.Signals, s => s.Id == "content.bidi-override");
        Assert.Contains(report.Signals, s => s.Id == "attachment.rtl-override-name");
        AssertSafe(report.Message.Subject);
        AssertSafe(report.Message.From);
        Assert.Contains("\\u{202E}", report.Message.Subject, StringComparison.Ordinal);
        Assert.All(report.Signals, s =>
        {
            AssertSafe(s.Description);
            Assert.All(s.Evidence, e =>
            {
                AssertSafe(e.Location);
                AssertSafe(e.Value);
            });
        });
    }

    [Fact]
    public async Task Serialize_HostileReport_StaysOneJsonLineWithoutRawControls()
    {
        var headers = HeaderBlock.Standard()
            .Set("Subject", TestMessages.EncodeWord("Invoice \u202Efdp.exe\r\n\"injected\": true"))
            .Set("From", $"{TestMessages.EncodeWord("PayPal\r\nSupport")} <alice@{HeaderBlock.SenderDomain}>");
        var report = await TestEngines.Create().AnalyzeAsync(TestMessages.Build(headers, "Hello."));

        var json = AnalysisReportJson.Serialize(report);

        Assert.DoesNotContain('\n', json);
        Assert.DoesNotContain('\r', json);
        Assert.DoesNotContain('\u202E', json);
        var copy = AnalysisReportJson.Deserialize(json);
        Assert.Equal(report.Message.Subject, copy.Message.Subject);
    }

    [Fact]
    public void Add_HostileDescriptionAndLocation_AreEscaped()
    {
        var collector = new SignalCollector();
        var definition = new SignalDefinition("test.hostile", SignalCategory.Content, 1, "A test signal.");

        collector.Add(definition, "Line one\r\nline two \u202E", "attachment:a\u202Eb\n", "value\u0000");

        var signal = Assert.Single(collector.ToSignals());
        AssertSafe(signal.Description);
        var evidence = Assert.Single(signal.Evidence);
        Assert.Equal("attachment:a\\u{202E}b\\u{000A}", evidence.Location);
        Assert.Equal("value\\u{0000}", evidence.Value);
    }

    private static void AssertSafe(string? text)
    {
        Assert.NotNull(text);
        Assert.DoesNotContain(text, c => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\u200E' or '\u200F');
    }
}
