using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>Source-generated JSON for the analysis endpoints (trimming and Native AOT safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AnalysisListResponse))]
[JsonSerializable(typeof(CompatibilitySubmitResponse))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
