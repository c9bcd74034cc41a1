namespace SentiMail.Deploy.Tests.Infrastructure;

internal static class OpenSsl
{
    /// <summary>Makes a self-signed ECDSA P-256 certificate with the openssl command (PEM files).</summary>
    public static async Task SelfSignedAsync(string certificatePath, string keyPath, string commonName, string subjectAltNames)
    {
        var openssl = ExternalProcess.Require("openssl", "openssl");
        var result = await ExternalProcess.RunAsync(openssl,
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + subjectAltNames,
             "-addext", "extendedKeyUsage=serverAuth", "-keyout", keyPath, "-out", certificatePath],
            TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, "openssl req failed: " + result.Output);
    }
}
