using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Source-generated JSON for the key endpoints (trimming and Native AOT safe).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiKeyCreateBody))]
[JsonSerializable(typeof(ApiKeyInfo))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyInfo>))]
internal sealed partial class ApiKeyJsonContext : JsonSerializerContext;
