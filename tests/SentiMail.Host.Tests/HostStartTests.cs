using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SentiMail.Host.Tests;

public sealed class HostStartTests : IClassFixture<WebApplicationFactory<Program>>
{
    private readonly WebApplicationFactory<Program> _factory;

    public HostStartTests(WebApplicationFactory<Program> factory) => _factory = factory;

    [Fact]
    public async Task ApiRequiresAKey()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/analyses", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0);
    }
}
