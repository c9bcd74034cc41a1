using Microsoft.AspNetCore.Builder;

namespace SentiMail.Kubernetes.Probes;

/// <summary>Applies each convention to the three probe endpoints at once.</summary>
internal sealed class ProbeEndpointConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }

    public void Finally(Action<EndpointBuilder> finallyConvention)
    {
        foreach (var builder in builders)
        {
            builder.Finally(finallyConvention);
        }
    }
}
