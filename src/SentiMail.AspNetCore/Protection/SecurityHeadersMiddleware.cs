using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Adds the headers of <see cref="SentiMailSecurityHeadersOptions"/> to every response, unless already set.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SentiMailSecurityHeadersOptions> options)
{
    private readonly KeyValuePair<string, StringValues>[] headers = Build(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (response, headers) = ((HttpResponse, KeyValuePair<string, StringValues>[]))state;
            foreach (var header in headers)
            {
                response.Headers.TryAdd(header.Key, header.Value);
            }

            return Task.CompletedTask;
        }, (context.Response, headers));
        return next(context);
    }

    private static KeyValuePair<string, StringValues>[] Build(SentiMailSecurityHeadersOptions o)
    {
        var list = new List<KeyValuePair<string, StringValues>>(5);
        if (o.NoSniff)
        {
            list.Add(new("X-Content-Type-Options", "nosniff"));
        }

        Add(list, "Referrer-Policy", o.ReferrerPolicy);
        Add(list, "Content-Security-Policy", o.ContentSecurityPolicy);
        Add(list, "X-Frame-Options", o.FrameOptions);
        Add(list, "Cross-Origin-Opener-Policy", o.CrossOriginOpenerPolicy);
        return [.. list];
    }

    private static void Add(List<KeyValuePair<string, StringValues>> list, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            list.Add(new(name, value));
        }
    }
}
