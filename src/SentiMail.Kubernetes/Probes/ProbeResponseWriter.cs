using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SentiMail.Kubernetes.Probes;

/// <summary>
/// Writes a probe's answer as JSON: the overall status and, for each check, its name, status, a short description and
/// its duration. Exception text never leaves the process (the health-check service logs it): a check that threw shows
/// "failed (see the logs)", one that ran out of time "timed out". Descriptions are cut to
/// <see cref="MaxDescriptionLength"/> characters.
/// </summary>
internal static class ProbeResponseWriter
{
    /// <summary>The longest description written, in characters.</summary>
    public const int MaxDescriptionLength = 200;

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString());
            json.WriteNumber("durationMs", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
            json.WriteStartArray("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("status", entry.Status.ToString());
                var description = Describe(entry);
                if (description is not null)
                {
                    json.WriteString("description", description);
                }

                json.WriteNumber("durationMs", Math.Round(entry.Duration.TotalMilliseconds, 1));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    internal static string? Describe(HealthReportEntry entry) => entry.Exception switch
    {
        OperationCanceledException => "timed out",
        not null => "failed (see the logs)",
        _ when entry.Description is null => null,
        _ when entry.Description.Length > MaxDescriptionLength => entry.Description[..MaxDescriptionLength],
        _ => entry.Description,
    };
}
