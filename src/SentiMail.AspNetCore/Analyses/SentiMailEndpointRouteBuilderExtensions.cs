using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail;
using SentiMail.AspNetCore.Analyses;
using SentiMail.AspNetCore.ApiKeys;
using SentiMail.AspNetCore.OpenApi;
using SentiMail.Reporting;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the analysis HTTP API.</summary>
public static class SentiMailEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the analysis endpoints under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>POST {prefix}/analyses</c> (policy <see cref="SentiMailPolicies.Submit"/>, unless
    /// <see cref="SentiMailApiOptions.AllowAnonymousSubmit"/>): the message as the <c>file</c> part of
    /// <c>multipart/form-data</c>, or as the raw body (<c>message/rfc822</c>, or <c>application/octet-stream</c> when
    /// <see cref="SentiMailApiOptions.AcceptOctetStream"/>). 201 with the report plus <c>id</c> and <c>createdAt</c>, and a Location.</item>
    /// <item><c>GET {prefix}/analyses/{id}</c> (policy <see cref="SentiMailPolicies.Read"/>): one analysis.</item>
    /// <item><c>GET {prefix}/analyses</c> (Read): the caller's analyses, newest first, with <c>page</c>, <c>pageSize</c>,
    /// <c>verdict</c>, <c>from</c> and <c>to</c>; administrators see everyone's, or <c>?owner=</c>.</item>
    /// <item><c>DELETE {prefix}/analyses/{id}</c> (Read): 204.</item>
    /// </list>
    /// Another user's analysis answers 404, like an unknown one, unless the caller is an administrator. Errors are
    /// ProblemDetails whose <c>type</c> is one of <see cref="SentiMailProblemTypes"/>. The submit endpoint's request
    /// body limit is the engine's <c>Limits.MaxMessageBytes</c> plus <see cref="SentiMailApiOptions.MultipartOverheadBytes"/>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add conventions such as rate limiting.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddSentiMailApi()</c> or <c>AddSentiMailAuthorization()</c> was not called.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid.</exception>
    /// <example>
    /// <code>
    /// app.MapSentiMail("/api/v1").RequireSentiMailRateLimit();
    /// </code>
    /// </example>
    public static RouteGroupBuilder MapSentiMail(this IEndpointRouteBuilder endpoints, string prefix = "/api/v1")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var (options, maxBody) = CheckServices(endpoints);

        var group = endpoints.MapGroup(prefix).WithTags(OpenApiConventions.AnalysesTag);
        var submit = group.MapPost("analyses", AnalysisEndpoints.CreateAsync).Describe(AnalysisEndpoints.CreateAsync)
            .WithName("SentiMail.Analyses.Create")
            .WithSummary("Analyses a message and stores the result.")
            .WithDescription("The message is the file part of multipart/form-data, or the raw body. 201 with the report plus id and createdAt, and a Location.")
            .Produces<IEndpointConventionBuilder, AnalysisReport>(StatusCodes.Status201Created)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitMetadata(maxBody), RequestBodyMetadata.Upload);
        RequireSubmit(submit, options);
        group.MapGet("analyses", AnalysisEndpoints.ListAsync).Describe(AnalysisEndpoints.ListAsync).WithName("SentiMail.Analyses.List").RequireAuthorization(SentiMailPolicies.Read)
            .WithSummary("Lists the caller's analyses, newest first (administrators: everyone's, or ?owner=).")
            .Produces<IEndpointConventionBuilder, AnalysisListResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet($"analyses/{{{AnalysisEndpoints.IdRouteValue}}}", AnalysisEndpoints.GetAsync).Describe(AnalysisEndpoints.GetAsync).WithName("SentiMail.Analyses.Get").RequireAuthorization(SentiMailPolicies.Read)
            .WithSummary("Gets one analysis.")
            .Produces<IEndpointConventionBuilder, AnalysisReport>()
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete($"analyses/{{{AnalysisEndpoints.IdRouteValue}}}", AnalysisEndpoints.DeleteAsync).Describe(AnalysisEndpoints.DeleteAsync).WithName("SentiMail.Analyses.Delete").RequireAuthorization(SentiMailPolicies.Read)
            .WithSummary("Deletes one analysis.")
            .ProducesEmpty(StatusCodes.Status204NoContent)
            .ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>
    /// Maps the routes of the original system, opt-in, for existing clients: <c>POST /api/submit/</c> (same input as
    /// <c>POST /analyses</c>; 200 with <c>{"id": "&lt;uuid&gt;"}</c>) and <c>GET /api/analysis/{id}/</c> (the analysis,
    /// as <c>GET /analyses/{id}</c>). Same policies, ownership rules and errors as <see cref="MapSentiMail"/>.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <returns>The route group, to add conventions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddSentiMailApi()</c> or <c>AddSentiMailAuthorization()</c> was not called.</exception>
    public static RouteGroupBuilder MapSentiMailCompatibility(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var (options, maxBody) = CheckServices(endpoints);

        var group = endpoints.MapGroup("/api").WithTags(OpenApiConventions.CompatibilityTag);
        var submit = group.MapPost("submit/", AnalysisEndpoints.CompatibilitySubmitAsync).Describe(AnalysisEndpoints.CompatibilitySubmitAsync)
            .WithName("SentiMail.Compatibility.Submit")
            .WithSummary("Analyses a message (route of the original system); answers its id.")
            .Produces<IEndpointConventionBuilder, CompatibilitySubmitResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitMetadata(maxBody), RequestBodyMetadata.Upload);
        RequireSubmit(submit, options);
        group.MapGet($"analysis/{{{AnalysisEndpoints.IdRouteValue}}}/", AnalysisEndpoints.GetAsync).Describe(AnalysisEndpoints.GetAsync)
            .WithName("SentiMail.Compatibility.Get")
            .WithSummary("Gets one analysis (route of the original system).")
            .Produces<IEndpointConventionBuilder, AnalysisReport>()
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireAuthorization(SentiMailPolicies.Read);
        return group;
    }

    private static void RequireSubmit(IEndpointConventionBuilder submit, SentiMailApiOptions options)
    {
        if (options.AllowAnonymousSubmit)
        {
            submit.AllowAnonymous();
        }
        else
        {
            submit.RequireAuthorization(SentiMailPolicies.Submit);
        }
    }

    private static (SentiMailApiOptions Options, long MaxBody) CheckServices(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        if (services.GetService<SentiMailApiServiceCollectionExtensions.SentiMailApiMarker>() is null)
        {
            throw new InvalidOperationException("The SentiMail API services are missing: call services.AddSentiMailApi() first.");
        }

        if (services.GetService<IOptions<AuthorizationOptions>>()?.Value.GetPolicy(SentiMailPolicies.Submit) is null)
        {
            throw new InvalidOperationException("The SentiMail policies are missing: call services.AddSentiMailAuthorization() first.");
        }

        var options = services.GetRequiredService<IOptions<SentiMailApiOptions>>().Value;
        var maxMessageBytes = services.GetRequiredService<IOptions<SentiMailOptions>>().Value.Limits.MaxMessageBytes;
        return (options, maxMessageBytes + options.MultipartOverheadBytes);
    }
}
