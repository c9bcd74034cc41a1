using System.Net;
using System.Text.Json;

namespace SentiMail.Kubernetes.Tests.TestSupport;

/// <summary>A probe's answer: status code, raw body and the parsed JSON.</summary>
internal sealed record ProbeResponse(HttpStatusCode StatusCode, string Body, string? ContentType, string? CacheControl)
{
    /// <summary>Gets the overall status written in the body.</summary>
    public string Status => Parse().GetProperty("status").GetString()!;

    /// <summary>Gets each check's status by name.</summary>
    public Dictionary<string, string> Checks => Parse().GetProperty("checks").EnumerateArray()
        .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString()!);

    /// <summary>Gets a check's description, if any.</summary>
    /// <param name="name">The check's name.</param>
    /// <returns>The description.</returns>
    public string? Description(string name) => Parse().GetProperty("checks").EnumerateArray()
        .Where(c => c.GetProperty("name").GetString() == name)
        .Select(c => c.TryGetProperty("description", out var d) ? d.GetString() : null)
        .Single();

    private JsonElement Parse()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
