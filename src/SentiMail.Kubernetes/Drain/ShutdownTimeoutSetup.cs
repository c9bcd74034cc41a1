using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentiMail.Kubernetes.Drain;

/// <summary>Sets <see cref="HostOptions.ShutdownTimeout"/> to the drain delay plus the request grace period.</summary>
internal sealed class ShutdownTimeoutSetup(IOptions<SentiMailProbeOptions> probes) : IPostConfigureOptions<HostOptions>
{
    public void PostConfigure(string? name, HostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = probes.Value;
        options.ShutdownTimeout = value.DrainDelay + value.RequestGracePeriod;
    }
}
