using System.Text.Json;
using SentiMail.Reporting;
using SentiMail.Scoring;
using SentiMail.Tests.TestSupport;

namespace SentiMail.Tests.Reporting;

public class AnalysisReportJsonTests
{
    [Fact]
    public async Task Serialize_Report_UsesCamelCaseStringEnumsAndSchemaVersion()
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample("phishing-paypal-en.eml"));

        var json = AnalysisReportJson.Serialize(report);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("1.0", root.GetProperty("schemaVersion").GetString());
        Assert.Equal("Malicious", root.GetProperty("verdict").GetString());
        Assert.Equal(report.Score, root.GetProperty("score").GetInt32());
        Assert.Equal("2026-11-02T12:00:00+00:00", root.GetProperty("analyzedAt").GetString());
        Assert.True(root.TryGetProperty("durationMilliseconds", out _));
        Assert.True(root.TryGetProperty("engineVersion", out _));
        Assert.False(root.TryGetProperty("modelVersions", out _));
        var message = root.GetProperty("message");
        Assert.Equal(report.Message.Subject, message.GetProperty("subject").GetString());
        Assert.Equal(report.Message.LinkCount, message.GetProperty("linkCount").GetInt32());
        var signal = root.GetProperty("signals")[0];
        Assert.Equal(report.Signals[0].Id, signal.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, signal.GetProperty("category").ValueKind);
        Assert.Equal(report.Signals[0].Evidence[0].Location, signal.GetProperty("evidence")[0].GetProperty("location").GetString());
        Assert.Equal("Completed", root.GetProperty("timings")[0].GetProperty("outcome").GetString());
        Assert.DoesNotContain('\n', json);
    }

    [Fact]
    public async Task Deserialize_SerializedReport_RoundTrips()
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample("malware-facture-fr.eml"));

        var copy = AnalysisReportJson.Deserialize(AnalysisReportJson.Serialize(report, indented: true));

        Assert.Equal(report.SchemaVersion, copy.SchemaVersion);
        Assert.Equal(report.Score, copy.Score);
        Assert.Equal(report.Verdict, copy.Verdict);
        Assert.Equal(report.Message, copy.Message);
        Assert.Equal(report.AnalyzedAt, copy.AnalyzedAt);
        Assert.Equal(report.EngineVersion, copy.EngineVersion);
        Assert.Equal(report.Timings, copy.Timings);
        Assert.Equal(report.Signals.Count, copy.Signals.Count);
        for (var i = 0; i < report.Signals.Count; i++)
        {
            Assert.Equal(report.Signals[i].Id, copy.Signals[i].Id);
            Assert.Equal(report.Signals[i].Category, copy.Signals[i].Category);
            Assert.Equal(report.Signals[i].Weight, copy.Signals[i].Weight);
            Assert.Equal(report.Signals[i].Description, copy.Signals[i].Description);
            Assert.Equal(report.Signals[i].Evidence, copy.Signals[i].Evidence);
        }
    }

    [Fact]
    public async Task SerializeAsync_Report_WritesTheSameJsonAsSerialize()
    {
        var report = await TestEngines.Create().AnalyzeFileAsync(TestPaths.Sample("clean-newsletter-en.eml"));
        await using var stream = new MemoryStream();

        await AnalysisReportJson.SerializeAsync(stream, report);

        Assert.Equal(AnalysisReportJson.Serialize(report), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Serialize_Indented_WritesSeveralLines()
    {
        var report = new AnalysisReport { Message = new MessageSummary { Subject = "x" }, Verdict = Verdict.Suspicious, ModelVersions = new Dictionary<string, string> { ["m"] = "1" } };

        var json = AnalysisReportJson.Serialize(report, indented: true);

        Assert.Contains('\n', json);
        Assert.Contains("\"verdict\": \"Suspicious\"", json, StringComparison.Ordinal);
        Assert.Contains("\"modelVersions\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"score\": \"high\"}")]
    public void Deserialize_NotAReport_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => AnalysisReportJson.Deserialize(json));
    }

    [Fact]
    public void Context_IsTheSourceGeneratedMetadata()
    {
        Assert.NotNull(AnalysisReportJson.Context.GetTypeInfo(typeof(AnalysisReport)));
    }
}
