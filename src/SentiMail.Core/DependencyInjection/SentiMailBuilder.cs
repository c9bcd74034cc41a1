using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SentiMail.Analyzers;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures SentiMail after <see cref="SentiMailServiceCollectionExtensions.AddSentiMail(IServiceCollection, System.Action{SentiMail.SentiMailOptions}?)"/>.</summary>
public sealed class SentiMailBuilder
{
    internal SentiMailBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds an analyzer, run after the built-in ones. Adding the same type twice has no effect.</summary>
    /// <typeparam name="TAnalyzer">The analyzer type, created by the container as a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public SentiMailBuilder AddAnalyzer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TAnalyzer>()
        where TAnalyzer : class, IMessageAnalyzer
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageAnalyzer, TAnalyzer>());
        return this;
    }

    /// <summary>Adds an analyzer instance, run after the built-in ones.</summary>
    /// <param name="analyzer">The analyzer.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="analyzer"/> is <see langword="null"/>.</exception>
    public SentiMailBuilder AddAnalyzer(IMessageAnalyzer analyzer)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        Services.AddSingleton(analyzer);
        return this;
    }

    /// <summary>Turns on email authentication against DNS (SPF, DKIM, ARC, DMARC), which is off by default.</summary>
    /// <param name="configure">Changes to the DNS options, such as servers (<c>"127.0.0.1:5353"</c>) and timeouts.</param>
    /// <returns>This builder.</returns>
    public SentiMailBuilder UseDns(Action<SentiMail.Dns.DnsResolverOptions>? configure = null)
    {
        Services.Configure<SentiMail.SentiMailOptions>(o =>
        {
            o.Authentication.Offline = false;
            configure?.Invoke(o.Authentication.Dns);
        });
        return this;
    }

    /// <summary>Changes the engine options.</summary>
    /// <param name="configure">The change.</param>
    /// <returns>This builder.</returns>
    public SentiMailBuilder Configure(Action<SentiMail.SentiMailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
