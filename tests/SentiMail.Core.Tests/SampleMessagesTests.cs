using SentiMail.Scoring;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests;

/// <summary>The hand-made messages of <c>samples/messages/</c> and what their README says a good analyzer finds.</summary>
public class SampleMessagesTests
{
    public static TheoryData<string> CleanSamples => [.. TestPaths.SampleNames().Where(n => n.StartsWith("clean-", StringComparison.Ordinal))];

    public static TheoryData<string> MaliciousSamples => [.. TestPaths.SampleNames().Where(n => !n.StartsWith("clean-", StringComparison.Ordinal))];

    public static TheoryData<string, string[]> KeySignals => new()
    {
        { "phishing-paypal-en.eml", ["brand.lookalike-sender-domain", "brand.display-name-impersonation", "link.text-href-mismatch", "sender.reply-to-mismatch", "link.shortener", "content.phishing-lure"] },
        { "phishing-microsoft365-en.eml", ["link.credential-form", "brand.display-name-impersonation", "brand.lookalike-link-domain", "content.invisible-characters", "content.hidden-text"] },
        { "phishing-laposte-colis-fr.eml", ["link.ip-literal", "link.idn-homograph", "link.text-href-mismatch", "brand.display-name-impersonation"] },
        { "phishing-impots-fr.eml", ["headers.date-malformed", "brand.display-name-impersonation", "brand.lookalike-link-domain", "sender.display-name-spoof"] },
        { "phishing-html-attachment-en.eml", ["attachment.html-credential-form", "attachment.html", "brand.lookalike-sender-domain", "sender.reply-to-mismatch"] },
        { "malware-invoice-zip-en.eml", ["attachment.archive-executable", "attachment.double-extension"] },
        { "malware-facture-fr.eml", ["attachment.rtl-override-name", "attachment.executable", "attachment.type-mismatch", "attachment.dangerous-extension"] },
        { "malware-macro-doc-en.eml", ["attachment.macro"] },
    };

    [Fact]
    public void Samples_Folder_HoldsTwelveMessages()
    {
        Assert.Equal(12, TestPaths.SampleNames().Count);
        Assert.Equal(4, CleanSamples.Count);
    }

    [Theory]
    [MemberData(nameof(CleanSamples))]
    public async Task AnalyzeFileAsync_CleanSample_IsCleanWithNothingToFlag(string sample)
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample(sample));

        Assert.Equal(Verdict.Clean, report.Verdict);

        // Offline, the only signals are the authentication checks reported as skipped, worth nothing.
        Assert.All(report.Signals, s => Assert.EndsWith(".skipped", s.Id, StringComparison.Ordinal));
        Assert.Equal(0, report.Score);
    }

    [Theory]
    [MemberData(nameof(MaliciousSamples))]
    public async Task AnalyzeFileAsync_PhishingOrMalwareSample_IsSuspiciousOrMalicious(string sample)
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample(sample));

        Assert.Contains(report.Verdict, new[] { Verdict.Suspicious, Verdict.Malicious });
        Assert.Contains(sample, KeySignals.Select(row => (string)row[0]));
    }

    [Theory]
    [MemberData(nameof(KeySignals))]
    public async Task AnalyzeFileAsync_MaliciousSample_RaisesItsKeySignals(string sample, string[] signalIds)
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample(sample));

        var raised = report.Signals.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(signalIds, id => Assert.Contains(id, raised));
    }

    [Theory]
    [InlineData("phishing-paypal-en.eml")]
    [InlineData("phishing-laposte-colis-fr.eml")]
    [InlineData("malware-invoice-zip-en.eml")]
    public async Task AnalyzeFileAsync_StrongSample_IsMalicious(string sample)
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample(sample));

        Assert.Equal(Verdict.Malicious, report.Verdict);
    }
}
