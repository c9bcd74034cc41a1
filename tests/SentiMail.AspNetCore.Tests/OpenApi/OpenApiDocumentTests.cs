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
}
