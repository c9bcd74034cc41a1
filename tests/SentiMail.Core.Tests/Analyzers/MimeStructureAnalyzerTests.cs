using SentiMail.Analyzers;
using SentiMail.Signals;
using SentiMail.Tests.Parsing;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Analyzers;

public class MimeStructureAnalyzerTests
{
    private static readonly string s_textPart = RawMime.Part("Content-Type: text/plain", "."u8.ToArray(), "7bit");

    public static TheoryData<string> CaseNames => SignalCase.Names(Cases());

    internal static IEnumerable<SignalCase> Cases()
    {
        yield return Case(MimeStructureAnalyzer.PartlyInspected, "more-parts-than-the-limit",
            () => MimeBombs.ManyParts(1001),
            () => MimeBombs.ManyParts(998));
        yield return Case(MimeStructureAnalyzer.PartlyInspected, "deeper-than-the-limit",
            () => MimeBombs.NestedMultiparts(40),
            () => MimeBombs.NestedMultiparts(32));
        yield return Case(MimeStructureAnalyzer.PartlyInspected, "attached-messages-deeper-than-the-limit",
            () => MimeBombs.NestedMessages(40),
            () => MimeBombs.NestedMessages(16));
        yield return Case(MimeStructureAnalyzer.PartlyInspected, "undecodable-smime-body",
            () => SmimeTests.Message(SmimeTests.Blob("signed-der.p7m")[..200]),
            () => SmimeTests.Message(SmimeTests.Blob("signed-der.p7m")));
        yield return Case(MimeStructureAnalyzer.Encrypted, "smime-enveloped-body",
            () => SmimeTests.Message(SmimeTests.Blob("enveloped.p7m")),
            () => SmimeTests.Message(SmimeTests.Blob("signed-harmless.p7m")));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task AnalyzeAsync_CraftedMessageAndBenignTwin_SignalFiresOnlyOnCraftedMessage(string name) => SignalCase.AssertAsync(Cases(), name);

    [Fact]
    public async Task AnalyzeAsync_ExecutableBeforeThePartLimit_IsFoundAndThePaddingReported()
    {
        // A thousand text parts after the program: rejecting the message as too-many-parts gave no verdict at all.
        var raw = RawMime.Message([RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable()), .. Enumerable.Repeat(s_textPart, 1000)]);

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.Contains(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        var partly = Assert.Single(report.Signals, s => s.Id == MimeStructureAnalyzer.PartlyInspected.Id);
        Assert.Equal("mime", Assert.Single(partly.Evidence).Location);
        Assert.Contains("1,000", partly.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_ExecutablePastThePartLimit_IsNotReadButTheLimitIsReported()
    {
        var raw = RawMime.Message([.. Enumerable.Repeat(s_textPart, 1000), RawMime.Attachment("invoice.exe", TestFiles.WindowsExecutable())]);

        var report = await TestEngines.Create().AnalyzeAsync(raw);

        Assert.DoesNotContain(report.Signals, s => s.Id == AttachmentAnalyzer.Executable.Id);
        Assert.Contains(report.Signals, s => s.Id == MimeStructureAnalyzer.PartlyInspected.Id);
    }

    [Fact]
    public void Build_DeeperThanTheLimit_KeepsTheEntitiesAboveIt()
    {
        var context = TestEngines.Context(MimeBombs.NestedMultiparts(10), o => o.Limits.MaxMimeDepth = 5);

        var gap = Assert.Single(context.Uninspected);
        Assert.Equal(SentiMail.Context.UninspectedReason.LimitReached, gap.Reason);
        Assert.Contains("5 levels", gap.Detail, StringComparison.Ordinal);
        Assert.Equal("Deep message", context.Subject);
    }

    private static SignalCase Case(SignalDefinition signal, string scenario, Func<byte[]> positive, Func<byte[]> benign) =>
        new(signal.Id, scenario, positive, benign);
}
