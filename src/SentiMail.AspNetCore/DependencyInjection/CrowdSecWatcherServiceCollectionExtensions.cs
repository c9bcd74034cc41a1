using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.CrowdSec;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the CrowdSec watcher, which reports abusive addresses to the LAPI.</summary>
public static class CrowdSecWatcherServiceCollectionExtensions
{
    /// <summary>
    /// Registers the CrowdSec watcher: <see cref="ICrowdSecReporter"/> plus the background service that logs in to the
    /// LAPI as a machine and posts one alert with a <c>ban</c> decision per address reaching the threshold. Options
    /// are validated at host start with every error listed. Safe to call more than once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="CrowdSecWatcherOptions.LapiUrl"/>, <see cref="CrowdSecWatcherOptions.MachineId"/>, <see cref="CrowdSecWatcherOptions.Password"/> and the rest.</param>
    /// <returns>The same <paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddSentiMailCrowdSecWatcher(o =>
    /// {
    ///     o.LapiUrl = new Uri("http://127.0.0.1:8080/");
    ///     o.MachineId = "sentimail-app";
    ///     o.Password = builder.Configuration["CrowdSec:WatcherPassword"];
    /// });
    /// // then, where abuse is detected: reporter.Report(context.Connection.RemoteIpAddress!, "invalid API key");
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailCrowdSecWatcher(this IServiceCollection services, Action<CrowdSecWatcherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(CrowdSecWatcherService)))
        {
            return services;
        }

        services.AddOptions<CrowdSecWatcherOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CrowdSecWatcherOptions>, CrowdSecWatcherOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(CrowdSecWatcherService.HttpClientName).ConfigureHttpClient((provider, client) =>
        {
            var options = provider.GetRequiredService<IOptions<CrowdSecWatcherOptions>>().Value;
            if (options.LapiUrl is { IsAbsoluteUri: true } url)
            {
                client.BaseAddress = url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + '/' }.Uri;
            }

            client.Timeout = Timeout.InfiniteTimeSpan; // Each call has its own budget (RequestTimeout).
            client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("SentiMail-CrowdSec-Watcher", "0.1"));
        });
        services.AddSingleton<CrowdSecWatcherService>();
        services.AddSingleton<ICrowdSecReporter>(provider => provider.GetRequiredService<CrowdSecWatcherService>());
        services.AddHostedService(provider => provider.GetRequiredService<CrowdSecWatcherService>());
        return services;
    }
}
