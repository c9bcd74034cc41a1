using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentiMail.Reporting;

/// <summary>Reads and writes <see cref="AnalysisReport"/> as JSON, with source-generated (reflection-free) metadata.</summary>
public static class AnalysisReportJson
{
    /// <summary>Writes a report as JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="indented">Whether to indent.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is <see langword="null"/>.</exception>
    public static string Serialize(AnalysisReport report, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, indented ? ReportJsonContext.Indented.AnalysisReport : ReportJsonContext.Default.AnalysisReport);
    }

    /// <summary>Writes a report as UTF-8 JSON to a stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="report">The report.</param>
    /// <param name="cancellationToken">A token to cancel the write.</param>
    /// <returns>A task that completes when the report is written.</returns>
    public static Task SerializeAsync(Stream stream, AnalysisReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeAsync(stream, report, ReportJsonContext.Default.AnalysisReport, cancellationToken);
    }

    /// <summary>Reads a report from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The report.</returns>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static AnalysisReport Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, ReportJsonContext.Default.AnalysisReport) ?? throw new JsonException("The JSON text holds null, not a report.");
    }

    /// <summary>Gets the source-generated metadata, for callers that compose their own serializer options.</summary>
    public static JsonSerializerContext Context => ReportJsonContext.Default;
}

/// <summary>Source-generated JSON metadata for reports.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(AnalysisReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
    private static ReportJsonContext? s_indented;

    public static ReportJsonContext Indented => s_indented ??= new ReportJsonContext(new System.Text.Json.JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
