using SentiMail.AspNetCore.CrowdSec;

namespace SentiMail.Host.Protection;

/// <summary>
/// The optional network protections of the host, each switched on by its configuration section: IP allow/deny rules
/// (<c>IpRules</c>), the CrowdSec bouncer (<c>CrowdSec:Bouncer</c>) and the CrowdSec watcher (<c>CrowdSec:Watcher</c>).
/// A section that is absent (or has no <c>LapiUrl</c>) leaves the protection off; a present one is validated at start.
/// </summary>
internal static class HostProtection
{
    /// <summary>The section of the IP rules.</summary>
    public const string IpRulesSection = "IpRules";

    /// <summary>The section of the CrowdSec bouncer's options (<see cref="CrowdSecBouncerOptions"/>).</summary>
    public const string BouncerSection = "CrowdSec:Bouncer";

    /// <summary>The section of the CrowdSec watcher's options (<see cref="CrowdSecWatcherOptions"/>).</summary>
    public const string WatcherSection = "CrowdSec:Watcher";

    /// <summary>Registers the protections whose sections are configured.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSentiMailHostProtection(this IServiceCollection services, IConfiguration configuration)
    {
        if (IpRulesEnabled(configuration))
        {
            services.AddSentiMailIpRules(o => configuration.GetSection(IpRulesSection).Bind(o));
        }

        if (BouncerEnabled(configuration))
        {
            services.AddSentiMailCrowdSec(o => configuration.GetSection(BouncerSection).Bind(o));
        }

        if (WatcherEnabled(configuration))
        {
            // The API's handlers report bad keys and refused uploads by themselves (ReportedEvents).
            services.AddSentiMailCrowdSecWatcher(o => configuration.GetSection(WatcherSection).Bind(o));
        }

        return services;
    }

    /// <summary>Adds the middleware of the configured protections; call it right after the forwarded headers, so that
    /// the rules and the bouncer see the real client address, and before anything else answers.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseSentiMailHostProtection(this WebApplication app)
    {
        if (IpRulesEnabled(app.Configuration))
        {
            app.UseSentiMailIpRules();
        }

        if (BouncerEnabled(app.Configuration))
        {
            app.UseSentiMailCrowdSec();
        }

        return app;
    }

    private static bool IpRulesEnabled(IConfiguration configuration) => configuration.GetSection(IpRulesSection).Exists();

    private static bool BouncerEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[BouncerSection + ":LapiUrl"]);

    private static bool WatcherEnabled(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[WatcherSection + ":LapiUrl"]);
}
