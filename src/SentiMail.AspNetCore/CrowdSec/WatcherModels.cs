using System.Text.Json.Serialization;

namespace SentiMail.AspNetCore.CrowdSec;

/// <summary>The body of <c>POST /v1/watchers/login</c>.</summary>
internal sealed class WatcherLoginRequest
{
    [JsonPropertyName("machine_id")]
    public string? MachineId { get; set; }

    [JsonPropertyName("password")]
    public string? Password { get; set; }

    [JsonPropertyName("scenarios")]
    public List<string>? Scenarios { get; set; }
}

/// <summary>The reply of <c>POST /v1/watchers/login</c>: a JWT and its expiry (1 h on the LAPI).</summary>
internal sealed class WatcherLoginResponse
{
    [JsonPropertyName("code")]
    public int Code { get; set; }

    [JsonPropertyName("expire")]
    public DateTimeOffset? Expire { get; set; }

    [JsonPropertyName("token")]
    public string? Token { get; set; }
}

/// <summary>One alert of <c>POST /v1/alerts</c>, with the decision the app picks.</summary>
internal sealed class LapiAlert
{
    [JsonPropertyName("scenario")]
    public string? Scenario { get; set; }

    [JsonPropertyName("scenario_hash")]
    public string ScenarioHash { get; set; } = string.Empty;

    [JsonPropertyName("scenario_version")]
    public string ScenarioVersion { get; set; } = "0.1";

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("events_count")]
    public int EventsCount { get; set; }

    [JsonPropertyName("start_at")]
    public string? StartAt { get; set; }

    [JsonPropertyName("stop_at")]
    public string? StopAt { get; set; }

    [JsonPropertyName("capacity")]
    public int Capacity { get; set; }

    [JsonPropertyName("leakspeed")]
    public string? Leakspeed { get; set; }

    [JsonPropertyName("simulated")]
    public bool Simulated { get; set; }

    [JsonPropertyName("remediation")]
    public bool Remediation { get; set; } = true;

    [JsonPropertyName("events")]
    public List<LapiAlertEvent> Events { get; set; } = [];

    [JsonPropertyName("source")]
    public LapiAlertSource? Source { get; set; }

    [JsonPropertyName("labels")]
    public List<string> Labels { get; set; } = [];

    [JsonPropertyName("decisions")]
    public List<LapiAlertDecision> Decisions { get; set; } = [];
}

internal sealed class LapiAlertEvent
{
    [JsonPropertyName("timestamp")]
    public string? Timestamp { get; set; }

    [JsonPropertyName("meta")]
    public List<LapiMeta> Meta { get; set; } = [];
}

internal sealed class LapiMeta
{
    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }
}

internal sealed class LapiAlertSource
{
    [JsonPropertyName("scope")]
    public string Scope { get; set; } = "Ip";

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("ip")]
    public string? Ip { get; set; }
}

internal sealed class LapiAlertDecision
{
    [JsonPropertyName("origin")]
    public string Origin { get; set; } = "sentimail";

    [JsonPropertyName("type")]
    public string Type { get; set; } = "ban";

    [JsonPropertyName("scope")]
    public string Scope { get; set; } = "Ip";

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("duration")]
    public string? Duration { get; set; }

    [JsonPropertyName("scenario")]
    public string? Scenario { get; set; }

    [JsonPropertyName("simulated")]
    public bool Simulated { get; set; }
}

[JsonSerializable(typeof(WatcherLoginRequest))]
[JsonSerializable(typeof(WatcherLoginResponse))]
[JsonSerializable(typeof(List<LapiAlert>))]
internal sealed partial class CrowdSecWatcherJsonContext : JsonSerializerContext;
