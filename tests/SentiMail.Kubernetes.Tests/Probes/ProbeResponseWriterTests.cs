using Microsoft.Extensions.Diagnostics.HealthChecks;
using SentiMail.Kubernetes.Probes;

namespace SentiMail.Kubernetes.Tests.Probes;

public sealed class ProbeResponseWriterTests
{
    [Fact]
    public void Describe_CheckThrew_HidesTheExceptionText()
    {
        var entry = new HealthReportEntry(HealthStatus.Unhealthy, "Host=db;Password=hunter2", TimeSpan.Zero,
            new InvalidOperationException("Host=db;Password=hunter2"), null);
        Assert.Equal("failed (see the logs)", ProbeResponseWriter.Describe(entry));
    }

    [Fact]
    public void Describe_CheckTimedOut_SaysSo()
    {
        var entry = new HealthReportEntry(HealthStatus.Unhealthy, "A timeout occurred while running check.", TimeSpan.Zero,
            new OperationCanceledException(), null);
        Assert.Equal("timed out", ProbeResponseWriter.Describe(entry));
    }

    [Fact]
    public void Describe_LongDescription_IsCut()
    {
        var entry = new HealthReportEntry(HealthStatus.Healthy, new string('x', 5000), TimeSpan.Zero, null, null);
        Assert.Equal(ProbeResponseWriter.MaxDescriptionLength, ProbeResponseWriter.Describe(entry)!.Length);
    }

    [Fact]
    public void Describe_NoDescription_IsNull()
    {
        var entry = new HealthReportEntry(HealthStatus.Healthy, null, TimeSpan.Zero, null, null);
        Assert.Null(ProbeResponseWriter.Describe(entry));
    }
}
