using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentiMail.AspNetCore.Analyses;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Rejects requests whose effective client address is denied, or not allowed, by <see cref="SentiMailIpRuleOptions"/>.</summary>
internal sealed partial class IpRulesMiddleware
{
    private readonly RequestDelegate next;
    private readonly ILogger<IpRulesMiddleware> logger;
    private readonly IPNetwork[] allow;
    private readonly IPNetwork[] deny;

    public IpRulesMiddleware(RequestDelegate next, IOptions<SentiMailIpRuleOptions> options, ILogger<IpRulesMiddleware> logger)
    {
        this.next = next;
        this.logger = logger;
        allow = Parse(options.Value.Allow);
        deny = Parse(options.Value.Deny);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var address = ClientAddress.Unmap(context.Connection.RemoteIpAddress);
        if (IsAllowed(address))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        LogDenied(logger, ClientAddress.Normalize(address));
        await TypedResults.Problem(
            "Requests from your address are not allowed.",
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden.",
            type: SentiMailProblemTypes.AddressForbidden).ExecuteAsync(context).ConfigureAwait(false);
    }

    private bool IsAllowed(IPAddress? address)
    {
        if (address is null)
        {
            return allow.Length == 0;
        }

        if (Array.Exists(deny, n => n.Contains(address)))
        {
            return false;
        }

        return allow.Length == 0 || Array.Exists(allow, n => n.Contains(address));
    }

    private static IPNetwork[] Parse(IList<string> entries)
    {
        var networks = new List<IPNetwork>(entries.Count);
        foreach (var entry in entries)
        {
            if (ClientAddress.TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
        }

        return [.. networks];
    }

    [LoggerMessage(EventId = 5401, EventName = "IpRuleDenied", Level = LogLevel.Warning,
        Message = "Request from {ClientAddress} rejected by the IP rules.")]
    private static partial void LogDenied(ILogger logger, string clientAddress);
}
