using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentiMail.Kubernetes.Drain;

/// <summary>Sets <see cref="HostOptions.ShutdownTimeout"/> to the drain delay plus the request grace period.</summary>
internal sealed class ShutdownTimeoutSetup(IOptions<SentiMailProbeOptions> probes) : IPostConfigureOptions<HostOptions>
{
    public void PostConfigure(string? name, HostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SentiMailProbeOptions value;
        try
        {
            value = probes.Value;
        }
        catch (OptionsValidationException)
        {
            // The host options are built with the host, before start-up validation runs; leave the timeout alone so
            // that start-up validation reports every problem of the probe options at once.
            return;
        }

        options.ShutdownTimeout = value.DrainDelay + value.RequestGracePeriod;
    }
}
