using System.Text;
using SentiMail.AspNetCore.Analyses;
using SentiMail.Reporting;
using SentiMail.Scoring;

namespace SentiMail.Host.Tests.Infrastructure;

internal static class Samples
{
    public static byte[] RawMessage(string marker) => Encoding.UTF8.GetBytes(
        $"From: alice@example.org\r\nTo: bob@example.org\r\nSubject: {marker}\r\nMessage-ID: <{marker}@example.org>\r\n\r\nThe secret body {marker}.\r\n");

    public static StoredAnalysis Analysis(string? owner, DateTimeOffset createdAt, Verdict verdict = Verdict.Clean, string? marker = null, int score = 10)
    {
        var id = Guid.NewGuid();
        marker ??= "msg-" + id.ToString("N");
        return new StoredAnalysis
        {
            Id = id,
            OwnerId = owner,
            CreatedAt = createdAt,
            Report = new AnalysisReport
            {
                Message = new MessageSummary { Subject = marker },
                Score = score,
                Verdict = verdict,
                AnalyzedAt = createdAt,
                EngineVersion = "test",
            },
            Verdict = verdict,
            Score = score,
            SourceFileName = marker + ".eml",
            RawMessage = RawMessage(marker),
        };
    }
}
