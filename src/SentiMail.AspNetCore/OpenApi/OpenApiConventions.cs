using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace SentiMail.AspNetCore.OpenApi;

/// <summary>
/// OpenAPI metadata for the SentiMail endpoints. They are plain request delegates (no parameter binding), so the
/// response types are declared here as metadata rather than inferred. Request bodies are described by
/// <see cref="RequestBodyMetadata"/> for the document only: accepts metadata would make routing answer a bare 415
/// instead of the endpoints' ProblemDetails.
/// </summary>
internal static class OpenApiConventions
{
    public const string AnalysesTag = "Analyses";
    public const string CompatibilityTag = "Compatibility";
    public const string ApiKeysTag = "API keys";

    private static readonly string[] s_json = ["application/json"];
    private static readonly string[] s_problemJson = ["application/problem+json"];

    /// <summary>
    /// Adds the handler's <see cref="System.Reflection.MethodInfo"/> as metadata: API explorer (and so the OpenAPI
    /// document) only describes endpoints that carry one, which request-delegate endpoints do not by default.
    /// </summary>
    public static TBuilder Describe<TBuilder>(this TBuilder builder, RequestDelegate handler)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(handler.Method);

    /// <summary>Declares a JSON response of <typeparamref name="TResponse"/>.</summary>
    public static TBuilder Produces<TBuilder, TResponse>(this TBuilder builder, int statusCode = StatusCodes.Status200OK)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(TResponse), s_json));

    /// <summary>Declares an empty response.</summary>
    public static TBuilder ProducesEmpty<TBuilder>(this TBuilder builder, int statusCode)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(void), []));

    /// <summary>Declares 401, 403 and 429, which every authenticated, rate-limitable endpoint can answer, plus <paramref name="statusCodes"/>, as ProblemDetails.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statusCodes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var statusCode in statusCodes.Concat([StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status429TooManyRequests]).Distinct().Order())
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(statusCode, typeof(ProblemDetails), s_problemJson));
        }

        return builder;
    }
}
