using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SentiMail;
using SentiMail.Analyzers;
using SentiMail.Rules;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SentiMail engine in a service collection.</summary>
public static class SentiMailServiceCollectionExtensions
{
    /// <summary>
    /// Adds the SentiMail engine (<see cref="IEmailAnalyzer"/>), its built-in offline analyzers and rules. Safe to call
    /// several times: services are added once and <paramref name="configure"/> calls accumulate.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default <see cref="SentiMailOptions"/>, if any.</param>
    /// <returns>A builder to add analyzers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    /// <remarks>Options are validated when the engine is first created, and at host start-up when the host runs
    /// options start-up validation; every problem is listed in one <see cref="OptionsValidationException"/>.</remarks>
    /// <example>
    /// <code>
    /// services.AddSentiMail(o => o.Scoring.MaliciousThreshold = 70)
    ///         .AddAnalyzer&lt;MyAnalyzer&gt;();
    /// var report = await provider.GetRequiredService&lt;IEmailAnalyzer&gt;().AnalyzeFileAsync("message.eml");
    /// </code>
    /// </example>
    public static SentiMailBuilder AddSentiMail(this IServiceCollection services, Action<SentiMailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<SentiMailOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        if (!services.Any(d => d.ServiceType == typeof(SentiMailMarker)))
        {
            services.AddSingleton<SentiMailMarker>();
            optionsBuilder.ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SentiMailOptions>, SentiMailOptionsValidator>());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton(sp => RuleSet.FromOptions(sp.GetRequiredService<IOptions<SentiMailOptions>>().Value));

            services.TryAddSingleton<SentiMail.Dns.IDnsResolver>(sp =>
                BuiltInAnalyzers.CreateResolver(sp.GetRequiredService<IOptions<SentiMailOptions>>().Value.Authentication)
                ?? OfflineResolver.Instance);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, SentiMail.Authentication.AuthenticationAnalyzer>(sp =>
                new SentiMail.Authentication.AuthenticationAnalyzer(
                    sp.GetRequiredService<SentiMail.Dns.IDnsResolver>(),
                    sp.GetRequiredService<IOptions<SentiMailOptions>>().Value.Authentication,
                    sp.GetRequiredService<TimeProvider>())));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, HeaderAnalyzer>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, LinkAnalyzer>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, ContentAnalyzer>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, AttachmentAnalyzer>(
                sp => new AttachmentAnalyzer(sp.GetRequiredService<IOptions<SentiMailOptions>>().Value.Limits)));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, MimeStructureAnalyzer>());

            // Last of the built-ins: its body-claim check reads the lure and form signals raised above.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, BrandImpersonationAnalyzer>());
            services.TryAddSingleton<EmailAnalyzer>();
            services.TryAddSingleton<IEmailAnalyzer>(sp => sp.GetRequiredService<EmailAnalyzer>());
        }

        return new SentiMailBuilder(services);
    }

    private sealed class SentiMailMarker;

    /// <summary>Stands in for a resolver offline; the authentication analyzer never queries it then.</summary>
    private sealed class OfflineResolver : SentiMail.Dns.IDnsResolver
    {
        public static readonly OfflineResolver Instance = new();

        public ValueTask<SentiMail.Dns.DnsResult<string>> QueryTxtAsync(string name, CancellationToken cancellationToken = default) => Fail<string>();

        public ValueTask<SentiMail.Dns.DnsResult<System.Net.IPAddress>> QueryAddressesAsync(string name, System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken = default) => Fail<System.Net.IPAddress>();

        public ValueTask<SentiMail.Dns.DnsResult<SentiMail.Dns.MxRecord>> QueryMxAsync(string name, CancellationToken cancellationToken = default) => Fail<SentiMail.Dns.MxRecord>();

        public ValueTask<SentiMail.Dns.DnsResult<string>> QueryPtrAsync(System.Net.IPAddress address, CancellationToken cancellationToken = default) => Fail<string>();

        private static ValueTask<SentiMail.Dns.DnsResult<T>> Fail<T>() => ValueTask.FromResult(SentiMail.Dns.DnsResult.Failure<T>(SentiMail.Dns.DnsStatus.ServerFailure));
    }
}
