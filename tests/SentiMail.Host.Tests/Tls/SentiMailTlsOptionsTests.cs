using SentiMail.Host.Tls;

namespace SentiMail.Host.Tests.Tls;

public sealed class SentiMailTlsOptionsTests
{
    [Fact]
    public void DefaultsAreValidAndSecure()
    {
        var options = new SentiMailTlsOptions();

        Assert.Empty(options.ValidateSettings());
        Assert.Null(options.CertificatePath);
        Assert.Null(options.CertificateDirectory);
        Assert.Equal(SentiMailHttpMode.Redirect, options.HttpMode);
        Assert.Equal("127.0.0.1", options.ListenAddress);
        Assert.Equal(8443, options.HttpsPort);
        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(TimeSpan.FromDays(365), options.HstsMaxAge);
        Assert.False(options.HstsIncludeSubDomains);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ReloadDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ReloadPollInterval);
    }

    public static TheoryData<string, Action<SentiMailTlsOptions>> InvalidSettings() => new()
    {
        { "either CertificatePath or CertificateDirectory", o => { o.CertificatePath = "a"; o.CertificateDirectory = "b"; } },
        { "KeyPath is set without CertificatePath", o => o.KeyPath = "k" },
        { "KeyPassword is set but no certificate", o => o.KeyPassword = "p" },
        { "CertificatePath is empty", o => o.CertificatePath = " " },
        { "SelfSignedCertificateDirectory is empty", o => o.SelfSignedCertificateDirectory = "" },
        { "HttpMode must be Redirect or Off", o => o.HttpMode = (SentiMailHttpMode)7 },
        { "is not an IP address", o => o.ListenAddress = "localhost" },
        { "HttpsPort must be from 1 to 65535", o => o.HttpsPort = 0 },
        { "HttpsPort must be from 1 to 65535", o => o.HttpsPort = 65536 },
        { "HttpPort must be from 1 to 65535", o => o.HttpPort = -1 },
        { "must differ", o => o.HttpPort = o.HttpsPort },
        { "HstsMaxAge must be from 0 to 730 days", o => o.HstsMaxAge = TimeSpan.FromSeconds(-1) },
        { "HstsMaxAge must be from 0 to 730 days", o => o.HstsMaxAge = TimeSpan.FromDays(731) },
        { "ReloadDelay must be from 0 to 1 minute", o => o.ReloadDelay = TimeSpan.FromMinutes(2) },
        { "ReloadDelay must be from 0 to 1 minute", o => o.ReloadDelay = TimeSpan.FromTicks(-1) },
        { "ReloadPollInterval must be from 0 (off) to 1 day", o => o.ReloadPollInterval = TimeSpan.FromDays(2) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void EachInvalidSettingIsReported(string expected, Action<SentiMailTlsOptions> change)
    {
        var options = new SentiMailTlsOptions();
        change(options);

        Assert.Contains(options.ValidateSettings(), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidEdgesAreAccepted()
    {
        var options = new SentiMailTlsOptions
        {
            ListenAddress = "::",
            HttpsPort = 65535,
            HttpPort = 1,
            HstsMaxAge = TimeSpan.Zero,
            ReloadDelay = TimeSpan.Zero,
            ReloadPollInterval = TimeSpan.Zero,
        };
        Assert.Empty(options.ValidateSettings());

        var off = new SentiMailTlsOptions { HttpMode = SentiMailHttpMode.Off, HttpPort = 0 };
        Assert.Empty(off.ValidateSettings());
    }
}
