using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using SentiMail.Kubernetes.WarmUp;

namespace SentiMail.Kubernetes.Drain;

/// <summary>
/// Puts a middleware first in the pipeline that, while the application drains, answers HTTP/1.x requests with
/// <c>Connection: close</c>: a client or proxy holding a keep-alive connection to this instance then opens its next
/// connection through the load balancer, which no longer routes to it. HTTP/2 and HTTP/3 connections are closed by
/// Kestrel with GOAWAY when it stops.
/// </summary>
internal sealed class DrainStartupFilter(ProbeState state, IOptions<SentiMailProbeOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (options.Value.CloseConnectionsWhileDraining)
        {
            app.Use((context, nextMiddleware) =>
            {
                if (state.IsDraining && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
                {
                    context.Response.Headers.Connection = "close";
                }

                return nextMiddleware(context);
            });
        }

        next(app);
    };
}
