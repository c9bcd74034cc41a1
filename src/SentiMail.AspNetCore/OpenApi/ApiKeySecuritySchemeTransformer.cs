using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SentiMail.AspNetCore.ApiKeys;

namespace SentiMail.AspNetCore.OpenApi;

/// <summary>
/// Declares the <c>ApiKey</c> security scheme (an API key in the <c>X-Api-Key</c> header; <c>Authorization: ApiKey &lt;key&gt;</c>
/// is accepted too) in the OpenAPI document and requires it document-wide.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddOpenApi(o => o.AddDocumentTransformer&lt;ApiKeySecuritySchemeTransformer&gt;());
/// </code>
/// </example>
public sealed class ApiKeySecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    /// <summary>The name of the security scheme in the document, <c>ApiKey</c>.</summary>
    public const string SchemeName = ApiKeyDefaults.AuthenticationScheme;

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyDefaults.HeaderName,
            Description = $"A SentiMail API key ({ApiKeyDefaults.KeyPrefix}...) in the {ApiKeyDefaults.HeaderName} header, or as Authorization: {ApiKeyDefaults.AuthorizationScheme} <key>.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
