using System.Net;
using SentiMail.Host.Tests.Infrastructure;

namespace SentiMail.Host.Tests;

public sealed class HostStartTests(HostFactory factory) : IClassFixture<HostFactory>
{
    [Fact]
    public async Task ApiRequiresAKey()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/analyses", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(response.Headers.WwwAuthenticate.Count > 0);
    }

    [Fact]
    public async Task ZeroConfiguration_CreatesTheDatabaseAndAKey_AndSendsSecurityHeaders()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/api/v1/account/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory.FullName, "sentimail.db")));
        Assert.Single(Directory.GetFiles(Path.Combine(factory.DataDirectory.FullName, "keys"), "*.key"));
    }
}
