using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SentiMail.AspNetCore.Tests.Analyses;

/// <summary>Extension points of <see cref="AnalysisTestHost"/>.</summary>
internal sealed class TestHostHooks
{
    public Action<IServiceCollection>? Services { get; init; }

    public Action<WebApplication>? BeforeAuthentication { get; init; }

    public Action<WebApplication>? AfterAuthentication { get; init; }

    public Action<RouteGroupBuilder>? Mapped { get; init; }
}
