using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

public sealed class RegistrationTests
{
    [Fact]
    public void ConfigureSentiMailTlsIsSafeToCallTwice()
    {
        var builder = WebApplication.CreateBuilder();

        builder.ConfigureSentiMailTls().ConfigureSentiMailTls();

        Assert.Single(builder.Services, d => d.ServiceType == typeof(IConfigureOptions<KestrelServerOptions>)
            && d.ImplementationType?.Name == "ConfigureKestrelForSentiMailTls");
        Assert.Single(builder.Services, d => d.ServiceType == typeof(IValidateOptions<SentiMailTlsOptions>));
        Assert.Single(builder.Services, d => d.ServiceType == typeof(ServerCertificateProvider));
    }

    [Fact]
    public async Task BuildingTheApplicationWritesNothingStartingItDoes()
    {
        using var root = new TempDirectory();
        using var logs = new CapturedLogs();
        var data = root.Combine("data", "tls", "localhost.crt");

        await using (TlsTestHost.Build(root.Path, new Dictionary<string, string?>(), logs, out _, out _))
        {
            Assert.False(File.Exists(data));
        }

        await using var started = await TlsTestHost.StartAsync(root.Path);
        Assert.True(File.Exists(data));
    }

    [Fact]
    public async Task UseSentiMailTlsWithoutConfigureSaysWhichCallIsMissing()
    {
        await using var app = WebApplication.CreateBuilder().Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.UseSentiMailTls());

        Assert.Contains("builder.ConfigureSentiMailTls()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => SentiMailTlsWebApplicationBuilderExtensions.ConfigureSentiMailTls(null!));
        Assert.Throws<ArgumentNullException>(() => SentiMailTlsApplicationBuilderExtensions.UseSentiMailTls(null!));
    }
}
