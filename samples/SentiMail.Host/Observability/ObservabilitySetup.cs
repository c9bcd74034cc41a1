using System.Net;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using SentiMail.Diagnostics;

namespace SentiMail.Host.Observability;

/// <summary>Logs as JSON lines and OpenTelemetry metrics with a Prometheus scraping endpoint.</summary>
internal static class ObservabilitySetup
{
    /// <summary>
    /// Switches the console log to the JSON formatter outside Development (unless <c>Logging:Console:FormatterName</c>
    /// names another) and registers the metrics of the engine and of ASP.NET Core for Prometheus.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddSentiMailObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var formatter = configuration["Logging:Console:FormatterName"];
        if (string.Equals(formatter, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase)
            || (string.IsNullOrEmpty(formatter) && !builder.Environment.IsDevelopment()))
        {
            // One object per line, as the CrowdSec parser (deploy/crowdsec/sentimail-logs.yaml) reads it.
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.JsonWriterOptions = o.JsonWriterOptions with { Indented = false };
            });
            builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName = ConsoleFormatterNames.Json);
        }

        builder.Services.AddOptions<MetricsEndpointOptions>().Bind(configuration.GetSection(MetricsEndpointOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MetricsEndpointOptions>, MetricsEndpointOptionsValidator>();
        var enabled = configuration.GetValue(MetricsEndpointOptions.SectionName + ":Enabled", true);
        if (enabled)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter(SentiMailMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        }

        return builder;
    }

    /// <summary>Maps the Prometheus scraping endpoint, answering 404 to clients outside the allowed networks.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication MapSentiMailMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsEndpointOptions>>().Value;
        if (!options.Enabled)
        {
            return app;
        }

        var networks = options.EffectiveNetworks();
        app.MapPrometheusScrapingEndpoint(options.Path)
            .AddEndpointFilter(async (context, next) =>
                IsAllowed(context.HttpContext.Connection.RemoteIpAddress, networks) ? await next(context).ConfigureAwait(false) : Results.NotFound())
            .AllowAnonymous()
            .DisableRateLimiting();
        return app;
    }

    /// <summary>Tells whether <paramref name="address"/> is in one of <paramref name="networks"/>.</summary>
    /// <param name="address">The client address (IPv4-mapped IPv6 addresses count as IPv4).</param>
    /// <param name="networks">The allowed networks.</param>
    /// <returns><see langword="true"/> when the address is known and allowed.</returns>
    public static bool IsAllowed(IPAddress? address, IReadOnlyList<IPNetwork> networks)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class MetricsEndpointOptionsValidator : IValidateOptions<MetricsEndpointOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsEndpointOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
