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

    [Fact]
    public async Task Probes_AnswerWithoutAKey_AndTurnReadyOnceTheEngineIsWarm()
    {
        using var client = factory.CreateClient();
        using (var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            using var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
            var body = await ready.Content.ReadAsStringAsync();
            if (ready.StatusCode == HttpStatusCode.OK)
            {
                Assert.Contains("store", body, StringComparison.Ordinal);
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30), "not ready after 30 s: " + body);
            await Task.Delay(100);
        }

        using var startup = await client.GetAsync(new Uri("/healthz/startup", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, startup.StatusCode);
    }
}
