using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Protection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the IP allow and deny lists.</summary>
public static class SentiMailIpRulesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the validated (at start) <see cref="SentiMailIpRuleOptions"/> used by <c>app.UseSentiMailIpRules()</c>.
    /// Safe to call several times; <paramref name="configure"/> calls accumulate.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">The allow and deny lists.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSentiMailIpRules(o => o.Deny.Add("192.0.2.0/24"));
    /// </code>
    /// </example>
    public static IServiceCollection AddSentiMailIpRules(this IServiceCollection services, Action<SentiMailIpRuleOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = services.AddOptions<SentiMailIpRuleOptions>().Configure(configure);
        if (!services.Any(d => d.ServiceType == typeof(SentiMailIpRulesMarker)))
        {
            services.AddSingleton<SentiMailIpRulesMarker>();
            options.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailIpRuleOptions>, SentiMailIpRuleOptionsValidator>());
        }

        return services;
    }

    /// <summary>Marks the collection as holding the IP rules; <c>UseSentiMailIpRules()</c> checks for it.</summary>
    internal sealed class SentiMailIpRulesMarker;
}
