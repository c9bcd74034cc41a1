using System.IO.Pipelines;
using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Reporting;
using SentiMail.Rules;
using SentiMail.Scoring;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests;

public class EmailAnalyzerTests
{
    /// <summary>The engine signals these tests raise on purpose.</summary>
    internal static readonly string[] CoveredEngineSignals = [EngineSignals.AnalyzerError.Id, EngineSignals.AnalyzerTimeout.Id];

    [Fact]
    public async Task AnalyzeAsync_AnalyzerThrows_RaisesAnalyzerErrorAndKeepsOtherResults()
    {
        var recording = new RecordingAnalyzer();
        var engine = new EmailAnalyzer([new HeaderAnalyzer(), new ThrowingAnalyzer(), recording], Options.Create(new SentiMailOptions()), RuleSet.BuiltIn);

        var report = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard().Remove("Message-ID"), "Hello."));

        var error = Assert.Single(report.Signals, s => s.Id == EngineSignals.AnalyzerError.Id);
        Assert.Contains(error.Evidence, e => e.Location == "analyzer" && e.Value == "throwing");
        Assert.Contains("InvalidOperationException", error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Boom", error.Description, StringComparison.Ordinal);
        Assert.Equal(0, error.Weight);
        Assert.Contains(report.Signals, s => s.Id == HeaderAnalyzer.MessageIdMissing.Id);
        Assert.Equal(1, recording.Runs);
        Assert.Equal(
            [AnalyzerOutcome.Completed, AnalyzerOutcome.Failed, AnalyzerOutcome.Completed],
            report.Timings.Select(t => t.Outcome));
    }

    [Fact]
    public async Task AnalyzeAsync_ALearnedModelsSignalInTheReport_NamesTheModelVersion()
    {
        var engine = TestEngines.Create([new LearnedAnalyzer()]);

        var judged = await engine.AnalyzeAsync(TestMessages.Text("Please judge me."));
        var passed = await engine.AnalyzeAsync(TestMessages.Text("Nothing to see."));

        Assert.Equal(new Dictionary<string, string> { ["learned"] = "test 2026-11-24" }, judged.ModelVersions);
        Assert.Null(passed.ModelVersions);
    }

    [Fact]
    public async Task AnalyzeAsync_AnalyzerRaisesAWeightThatIsNotANumber_FailsAndCannotZeroTheScore()
    {
        // A NaN weight would make the sum NaN, and NaN rounds to a score of 0: a buggy plug-in could clear any message.
        var message = TestMessages.Build(HeaderBlock.Standard().Remove("Message-ID"), "Hello.");
        var rulesOnly = await new EmailAnalyzer([new HeaderAnalyzer()], Options.Create(new SentiMailOptions()), RuleSet.BuiltIn).AnalyzeAsync(message);
        var engine = new EmailAnalyzer([new HeaderAnalyzer(), new NotANumberAnalyzer()], Options.Create(new SentiMailOptions()), RuleSet.BuiltIn);

        var report = await engine.AnalyzeAsync(message);

        Assert.True(rulesOnly.Score > 0, $"score {rulesOnly.Score}");
        Assert.Equal(rulesOnly.Score, report.Score);
        var error = Assert.Single(report.Signals, s => s.Id == EngineSignals.AnalyzerError.Id);
        Assert.Contains(error.Evidence, e => e.Location == "analyzer" && e.Value == "not-a-number");
        Assert.Contains("ArgumentOutOfRangeException", error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Signals, s => s.Id == NotANumberAnalyzer.Odd.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_AnalyzerExceedsBudget_RaisesAnalyzerTimeoutAndRunsTheNextOne()
    {
        var hanging = new HangingAnalyzer();
        var recording = new RecordingAnalyzer();
        var engine = TestEngines.Create([hanging, recording], o => o.AnalyzerTimeout = TimeSpan.FromMilliseconds(50));

        var report = await engine.AnalyzeAsync(TestMessages.Text("Hello."));

        var timeout = Assert.Single(report.Signals, s => s.Id == EngineSignals.AnalyzerTimeout.Id);
        Assert.Contains(timeout.Evidence, e => e.Location == "analyzer" && e.Value == "hanging");
        Assert.Contains("0.05 s", timeout.Description, StringComparison.Ordinal);
        Assert.Equal(1, hanging.Started);
        Assert.Equal(1, recording.Runs);
        Assert.False(recording.LastTokenWasCancelled);
        Assert.Equal(AnalyzerOutcome.TimedOut, report.Timings[0].Outcome);
        Assert.Equal(AnalyzerOutcome.Completed, report.Timings[1].Outcome);
    }

    [Fact]
    public async Task AnalyzeAsync_TwoAnalyzersExceedBudget_EachGetsItsOwnBudget()
    {
        var engine = TestEngines.Create([new HangingAnalyzer(), new HangingAnalyzer(), new RecordingAnalyzer()], o => o.AnalyzerTimeout = TimeSpan.FromMilliseconds(30));

        var report = await engine.AnalyzeAsync(TestMessages.Text("Hello."));

        Assert.Equal([AnalyzerOutcome.TimedOut, AnalyzerOutcome.TimedOut, AnalyzerOutcome.Completed], report.Timings.Select(t => t.Outcome));
        Assert.Contains(report.Signals, s => s.Id == RecordingAnalyzer.Seen.Id);
    }

    [Fact]
    public async Task AnalyzeAsync_CallerCancelsDuringAnalyzer_ThrowsOperationCanceled()
    {
        var engine = TestEngines.Create([new HangingAnalyzer()], o => o.AnalyzerTimeout = TimeSpan.FromMinutes(1));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.AnalyzeAsync(TestMessages.Text("Hello."), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task AnalyzeAsync_TokenAlreadyCancelled_ThrowsOperationCanceled()
    {
        var recording = new RecordingAnalyzer();
        var engine = TestEngines.Create([recording]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.AnalyzeAsync(TestMessages.Text("Hello."), cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(0, recording.Runs);
    }

    [Fact]
    public async Task AnalyzeAsync_SameMessageThroughEveryInput_GivesTheSameReport()
    {
        var path = TestPaths.Sample("phishing-paypal-en.eml");
        var bytes = await File.ReadAllBytesAsync(path);
        var engine = TestEngines.Create();

        var fromBytes = await engine.AnalyzeAsync(bytes);
        var fromFile = await engine.AnalyzeFileAsync(path);
        await using var seekable = new MemoryStream(bytes);
        var fromStream = await engine.AnalyzeAsync(seekable);
        await using var nonSeekable = new NonSeekableStream(bytes);
        var fromNonSeekable = await engine.AnalyzeAsync(nonSeekable);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(bytes);
        await pipe.Writer.CompleteAsync();
        var fromPipe = await engine.AnalyzeAsync(pipe.Reader);

        var expected = Fingerprint(fromBytes);
        Assert.Equal(Verdict.Malicious, fromBytes.Verdict);
        Assert.Equal(expected, Fingerprint(fromFile));
        Assert.Equal(expected, Fingerprint(fromStream));
        Assert.Equal(expected, Fingerprint(fromNonSeekable));
        Assert.Equal(expected, Fingerprint(fromPipe));
        Assert.Equal(bytes.Length, fromPipe.Message.Size);
    }

    [Fact]
    public async Task AnalyzeAsync_Report_CarriesSummaryTimingsAndClock()
    {
        var engine = TestEngines.Create();

        var report = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard(), "See https://example.com/a and https://example.com/b", null, new TestAttachment("a.pdf", "application/pdf", TestFiles.Pdf())));

        Assert.Equal(AnalysisReport.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal(TestEngines.Now, report.AnalyzedAt);
        Assert.Equal(EmailAnalyzer.EngineVersion, report.EngineVersion);
        Assert.Equal(["authentication", "headers", "links", "content", "attachments", "mime", "brands"], report.Timings.Select(t => t.Analyzer));
        Assert.Equal("\"Alice Martin\" <alice@harbourline-design.com>", report.Message.From);
        Assert.Equal("Notes from Monday's meeting", report.Message.Subject);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 14, 0, TimeSpan.Zero), report.Message.Date);
        Assert.Equal(1, report.Message.AttachmentCount);
        Assert.Equal(2, report.Message.LinkCount);
        Assert.Equal(Verdict.Clean, report.Verdict);
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        var options = Options.Create(new SentiMailOptions());

        Assert.Throws<ArgumentNullException>(() => new EmailAnalyzer(null!, options, RuleSet.BuiltIn));
        Assert.Throws<ArgumentNullException>(() => new EmailAnalyzer([], null!, RuleSet.BuiltIn));
        Assert.Throws<ArgumentNullException>(() => new EmailAnalyzer([], options, null!));
    }

    [Fact]
    public void CreateDefault_NoConfiguration_RunsTheFiveBuiltInAnalyzers()
    {
        var engine = EmailAnalyzer.CreateDefault();

        Assert.Equal(["authentication", "headers", "links", "content", "attachments", "mime", "brands"], engine.Analyzers.Select(a => a.Name));
        Assert.Same(RuleSet.BuiltIn, engine.Rules);
    }

    [Fact]
    public async Task CreateDefault_AdditionalBrand_IsRecognised()
    {
        var engine = EmailAnalyzer.CreateDefault(o => o.AdditionalBrands.Add(new BrandDefinition { Name = "Northwind", Keywords = ["northwind"], Domains = ["northwind-traders.com"] }));

        var report = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard().Set("From", "Northwind Billing <alice@harbourline-design.com>"), "Hello."));

        Assert.NotSame(RuleSet.BuiltIn, engine.Rules);
        Assert.Contains(report.Signals, s => s.Id == BrandImpersonationAnalyzer.DisplayNameImpersonation.Id);
    }

    internal static string Fingerprint(AnalysisReport report) =>
        $"{report.Score}/{report.Verdict}/" + string.Join(
            "|",
            report.Signals.Select(s => $"{s.Id}:{s.Weight}:{s.Description}:{string.Join(",", s.Evidence.Select(e => e.Location + "=" + e.Value))}"));

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
