using System.Text.Json.Serialization;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>One decision as the LAPI serves it to bouncers.</summary>
internal sealed class LapiDecision
{
    [JsonPropertyName("id")]
    public long Id { get; set; }

    [JsonPropertyName("origin")]
    public string? Origin { get; set; }

    [JsonPropertyName("scenario")]
    public string? Scenario { get; set; }

    /// <summary>Gets or sets the scope: <c>Ip</c> or <c>Range</c> (CIDR); others (<c>Country</c>, <c>AS</c>…) are ignored.</summary>
    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    /// <summary>Gets or sets the remedy: only <c>ban</c> blocks; <c>captcha</c> and others are ignored.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("duration")]
    public string? Duration { get; set; }
}

/// <summary>The reply of <c>GET /v1/decisions/stream</c>: decisions added and removed since the previous pull.</summary>
internal sealed class LapiDecisionStream
{
    [JsonPropertyName("new")]
    public List<LapiDecision>? New { get; set; }

    [JsonPropertyName("deleted")]
    public List<LapiDecision>? Deleted { get; set; }
}

[JsonSerializable(typeof(List<LapiDecision>))]
[JsonSerializable(typeof(LapiDecisionStream))]
internal sealed partial class CrowdSecJsonContext : JsonSerializerContext;
