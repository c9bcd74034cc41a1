using System.Text.Json.Serialization;

namespace SentiMail.MachineLearning.Model;

/// <summary>JSON serialization of model metadata (source-generated). A <see langword="null"/> where the type allows
/// none (a damaged or hand-edited file) fails to read, like any other malformed JSON.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SpamModelMetadata))]
internal sealed partial class SpamModelJson : JsonSerializerContext;
