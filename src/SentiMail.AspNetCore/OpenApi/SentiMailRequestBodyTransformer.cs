using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SentiMail.AspNetCore.Analyses;

namespace SentiMail.AspNetCore.OpenApi;

/// <summary>
/// Describes the request bodies of the SentiMail endpoints in the OpenAPI document: message uploads
/// (<c>multipart/form-data</c> with a binary <c>file</c> part, <c>message/rfc822</c>, <c>application/octet-stream</c>)
/// and JSON bodies. <c>AddSentiMailApi()</c> and <c>AddSentiMailApiKeys()</c> register it for every OpenAPI document.
/// </summary>
internal sealed class SentiMailRequestBodyTransformer : IOpenApiOperationTransformer
{
    /// <summary>Adds the transformer to every OpenAPI document of the app, once.</summary>
    public static void Register(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Marker)))
        {
            return;
        }

        services.AddSingleton<Marker>();
        services.ConfigureAll<OpenApiOptions>(o => o.AddOperationTransformer<SentiMailRequestBodyTransformer>());
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyMetadata>().LastOrDefault();
        if (metadata is null || operation.RequestBody is not null)
        {
            return;
        }

        if (metadata.JsonType is { } type)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, parameterDescription: null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
            return;
        }

        var form = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string>(StringComparer.Ordinal) { AnalysisEndpoints.FileField },
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                [AnalysisEndpoints.FileField] = Binary("The message (.eml); its file name is kept as sourceFileName."),
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The message to analyse: the file part of a form, or the raw message as the body.",
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["multipart/form-data"] = new() { Schema = form },
                ["message/rfc822"] = new() { Schema = Binary("The raw message.") },
                ["application/octet-stream"] = new() { Schema = Binary("The raw message (accepted unless AcceptOctetStream is off).") },
            },
        };
    }

    private static OpenApiSchema Binary(string description) =>
        new() { Type = JsonSchemaType.String, Format = "binary", Description = description };

    private sealed class Marker;
}
