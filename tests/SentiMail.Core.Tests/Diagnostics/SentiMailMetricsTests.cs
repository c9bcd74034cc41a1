using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Options;
using SentiMail.Analyzers;
using SentiMail.Diagnostics;
using SentiMail.Parsing;
using SentiMail.Rules;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Diagnostics;

public sealed class SentiMailMetricsTests : IDisposable
{
    private readonly ScopedMeterFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

    public SentiMailMetricsTests()
    {
        // Only this test's meters: other tests analyze in parallel on the process-wide meter.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, _factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    [Fact]
    public async Task AnEngineFromTheFactory_CountsAnalysesByVerdict_AndRecordsDurationAndScore()
    {
        var engine = CreateEngine();

        var clean = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard(), "Hello, see you tomorrow."));
        var again = await engine.AnalyzeAsync(TestMessages.Build(HeaderBlock.Standard(), "Lunch at noon?"));

        var analyses = Of(SentiMailMetrics.AnalysesName);
        Assert.Equal(2, analyses.Count);
        Assert.Equal([clean.Verdict.ToString().ToLowerInvariant(), again.Verdict.ToString().ToLowerInvariant()],
            analyses.Select(m => Assert.Single(m.Tags, t => t.Key == "verdict").Value as string));
        Assert.All(analyses, m => Assert.Equal(1, m.Value));
        var durations = Of(SentiMailMetrics.DurationName);
        Assert.Equal(2, durations.Count);
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 30));
        Assert.Equal(clean.DurationMilliseconds / 1000, durations[0].Value, 0.001);
        Assert.Equal([clean.Score, again.Score], Of(SentiMailMetrics.ScoreName).Select(m => (int)m.Value));
        Assert.Empty(Of(SentiMailMetrics.RejectedName));
    }

    [Fact]
    public async Task ARejectedMessage_IsCountedWithItsReason_AndNotAsAnAnalysis()
    {
        var engine = CreateEngine();

        await Assert.ThrowsAsync<MessageRejectedException>(() => engine.AnalyzeAsync(ReadOnlyMemory<byte>.Empty));
        await Assert.ThrowsAsync<MessageRejectedException>(() => engine.AnalyzeAsync(new MemoryStream(Encoding.ASCII.GetBytes(new string('x', 2 * 1024 * 1024)))));

        var rejected = Of(SentiMailMetrics.RejectedName);
        Assert.Equal(2, rejected.Count);
        Assert.Equal("empty", Assert.Single(rejected[0].Tags).Value);
        Assert.NotEqual("empty", Assert.Single(rejected[1].Tags).Value);
        Assert.Empty(Of(SentiMailMetrics.AnalysesName));
        Assert.Empty(Of(SentiMailMetrics.DurationName));
    }

    [Fact]
    public void TheInstruments_HaveTheDocumentedNamesAndUnits()
    {
        _ = new SentiMailMetrics(_factory);

        var meter = Assert.Single(_factory.Meters);
        Assert.Equal(SentiMailMetrics.MeterName, meter.Name);
        var published = new List<Instrument>();
        using var listener = new MeterListener { InstrumentPublished = (i, _) => { if (ReferenceEquals(i.Meter, meter)) { published.Add(i); } } };
        listener.Start();
        Assert.Equal(
            ["sentimail.analyses:{analysis}", "sentimail.messages.rejected:{message}", "sentimail.analysis.duration:s", "sentimail.analysis.score:{score}"],
            published.Select(i => i.Name + ":" + i.Unit));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    private EmailAnalyzer CreateEngine()
    {
        var options = new SentiMailOptions();
        options.Limits.MaxMessageBytes = 1024 * 1024;
        return new EmailAnalyzer(BuiltInAnalyzers.Create(options), Options.Create(options), RuleSet.FromOptions(options), meterFactory: _factory);
    }

    private List<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Of(string name)
    {
        lock (_measurements)
        {
            return [.. _measurements.Where(m => m.Instrument == name)];
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_measurements)
        {
            _measurements.Add((instrument.Name, value, tags.ToArray()));
        }
    }

    /// <summary>A meter factory like the host's: one meter per name, scoped to this factory, disposed with it.</summary>
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public IReadOnlyList<Meter> Meters => _meters;

        public Meter Create(MeterOptions options)
        {
            var meter = _meters.Find(m => m.Name == options.Name);
            if (meter is null)
            {
                meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
