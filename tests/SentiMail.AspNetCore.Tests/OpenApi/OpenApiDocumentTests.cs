using System.Net;
using System.Text.Json.Nodes;
using SentiMail.AspNetCore.Tests.Analyses;

namespace SentiMail.AspNetCore.Tests.OpenApi;

public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task Document_lists_every_route_with_name_summary_tags_and_responses()
    {
        await using var host = await AnalysisTestHost.StartAsync(compatibility: true, openApi: true);

        using var response = await host.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();

        (string Path, string Method, string OperationId, string[] Statuses)[] expected =
        [
            ("/api/v1/analyses", "post", "SentiMail.Analyses.Create", ["201", "400", "401", "403", "413", "415", "429"]),
            ("/api/v1/analyses", "get", "SentiMail.Analyses.List", ["200", "400", "401", "403", "429"]),
            ("/api/v1/analyses/{id}", "get", "SentiMail.Analyses.Get", ["200", "401", "403", "404", "429"]),
            ("/api/v1/analyses/{id}", "delete", "SentiMail.Analyses.Delete", ["204", "401", "403", "404", "429"]),
            ("/api/submit", "post", "SentiMail.Compatibility.Submit", ["200", "400", "401", "403", "413", "415", "429"]),
            ("/api/analysis/{id}", "get", "SentiMail.Compatibility.Get", ["200", "401", "403", "404", "429"]),
            ("/api/v1/keys", "post", "SentiMail.ApiKeys.Create", ["201", "400", "401", "403", "409", "413", "415", "429"]),
            ("/api/v1/keys", "get", "SentiMail.ApiKeys.List", ["200", "401", "403", "429"]),
            ("/api/v1/keys/{id}", "get", "SentiMail.ApiKeys.Get", ["200", "401", "403", "404", "429"]),
            ("/api/v1/keys/{id}/rotate", "post", "SentiMail.ApiKeys.Rotate", ["200", "401", "403", "404", "409", "429"]),
            ("/api/v1/keys/{id}", "delete", "SentiMail.ApiKeys.Revoke", ["204", "401", "403", "404", "429"]),
        ];

        Assert.Equal(expected.Select(e => e.Path).Distinct().Order(StringComparer.Ordinal), paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (path, method, operationId, statuses) in expected)
        {
            var operation = paths[path]![method];
            Assert.True(operation is not null, $"{method} {path} is missing");
            Assert.Equal(operationId, operation["operationId"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()), $"{operationId} has no summary");
            Assert.NotEmpty(operation["tags"]!.AsArray());
            var responses = operation["responses"]!.AsObject();
            Assert.Equal(statuses, responses.Select(r => r.Key).Order(StringComparer.Ordinal));
            foreach (var status in statuses.Where(s => s[0] is '4'))
            {
                Assert.NotNull(responses[status]!["content"]!["application/problem+json"]);
            }
        }
    }

    [Fact]
    public async Task Document_declares_the_ApiKey_header_scheme_and_requires_it()
    {
        await using var host = await AnalysisTestHost.StartAsync(openApi: true);

        var document = JsonNode.Parse(await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        Assert.Contains(document["security"]!.AsArray(), r => r!.AsObject().ContainsKey("ApiKey"));
    }

    [Fact]
    public async Task Document_describes_the_upload_and_json_request_bodies()
    {
        await using var host = await AnalysisTestHost.StartAsync(compatibility: true, openApi: true);

        var document = JsonNode.Parse(await host.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)))!;
        var paths = document["paths"]!;

        foreach (var upload in new[] { paths["/api/v1/analyses"]!["post"]!, paths["/api/submit"]!["post"]! })
        {
            var body = upload["requestBody"]!;
            Assert.True(body["required"]!.GetValue<bool>());
            var content = body["content"]!.AsObject();
            Assert.Equal(["application/octet-stream", "message/rfc822", "multipart/form-data"], content.Select(c => c.Key).Order(StringComparer.Ordinal));
            var file = content["multipart/form-data"]!["schema"]!["properties"]!["file"]!;
            Assert.Equal("binary", file["format"]!.GetValue<string>());
            Assert.Equal("file", content["multipart/form-data"]!["schema"]!["required"]![0]!.GetValue<string>());
            Assert.Equal("binary", content["message/rfc822"]!["schema"]!["format"]!.GetValue<string>());
        }

        var keyBody = paths["/api/v1/keys"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var properties = ResolveProperties(document, keyBody);
        Assert.Equal(["expiresAt", "name", "scopes"], properties.Select(p => p.Key).Order(StringComparer.Ordinal));

        foreach (var (path, method) in new[] { ("/api/v1/analyses", "get"), ("/api/v1/analyses/{id}", "delete"), ("/api/v1/keys/{id}/rotate", "post") })
        {
            Assert.Null(paths[path]![method]!["requestBody"]);
        }
    }

    [Fact]
    public async Task Declaring_the_bodies_keeps_the_endpoints_own_415_problem()
    {
        await using var host = await AnalysisTestHost.StartAsync(openApi: true);
        var key = await host.CreateKeyAsync("alice", SentiMail.AspNetCore.ApiKeys.ApiKeyScopes.Submit);
        using var content = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain");

        using var response = await host.SendAsync(HttpMethod.Post, "/api/v1/analyses", key, content: content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The schema's properties, following a <c>$ref</c> into <c>components/schemas</c>.</summary>
    private static JsonObject ResolveProperties(JsonNode document, JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            schema = document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!;
        }

        return schema["properties"]!.AsObject();
    }
}
