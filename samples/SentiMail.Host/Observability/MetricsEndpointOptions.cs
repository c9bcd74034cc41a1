using System.Net;

namespace SentiMail.Host.Observability;

/// <summary>The Prometheus scraping endpoint (section <c>Metrics</c>).</summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Metrics";

    /// <summary>Gets or sets a value indicating whether the metrics are collected and <see cref="Path"/> is served.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the path of the scraping endpoint.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Gets or sets the networks (CIDR, such as <c>10.0.0.0/8</c>) allowed to scrape. Other clients get 404. The client
    /// address is the one after forwarded headers, so a scrape through a trusted proxy counts as the proxy's client.
    /// When none is configured, only loopback (<see cref="LoopbackNetworks"/>) may scrape.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = [];

    /// <summary>Gets the networks allowed when <see cref="AllowedNetworks"/> is empty: loopback only.</summary>
    public static IReadOnlyList<string> LoopbackNetworks { get; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>Gets the networks in force: <see cref="AllowedNetworks"/>, or <see cref="LoopbackNetworks"/> when empty.</summary>
    /// <returns>The parsed networks.</returns>
    public IReadOnlyList<IPNetwork> EffectiveNetworks() =>
        [.. (AllowedNetworks.Count > 0 ? AllowedNetworks.AsEnumerable() : LoopbackNetworks).Select(n => IPNetwork.Parse(n))];

    /// <summary>Checks the options.</summary>
    /// <returns>The problems found; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path) || !Path.StartsWith('/'))
        {
            errors.Add($"Metrics:Path must start with '/' (got '{Path}').");
        }

        foreach (var network in AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                errors.Add($"Metrics:AllowedNetworks: '{network}' is not a network in CIDR notation.");
            }
        }

        return errors;
    }
}
