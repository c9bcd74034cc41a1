using System.Text.Json.Serialization;

namespace SentiMail.MachineLearning.Model;

/// <summary>JSON serialization of model metadata (source-generated).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SpamModelMetadata))]
internal sealed partial class SpamModelJson : JsonSerializerContext;
