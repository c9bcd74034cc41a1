using System.Net.Http.Headers;

namespace SentiMail.AspNetCore.Tests.TestSupport;

/// <summary>Sends requests to a test server as an API-key caller, as a signed-in test user, or anonymously.</summary>
internal static class TestRequests
{
    /// <summary>The header the test hosts' fake interactive scheme reads the user from (<c>name</c> or <c>name:role</c>).</summary>
    public const string TestUserHeader = "X-Test-User";

    public static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, string? apiKey = null, string? testUser = null, HttpContent? content = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }

        if (testUser is not null)
        {
            request.Headers.Add(TestUserHeader, testUser);
        }

        return await client.SendAsync(request);
    }
}
