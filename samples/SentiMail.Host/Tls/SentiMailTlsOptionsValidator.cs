using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentiMail.Host.Tls;

/// <summary>
/// Validates <see cref="SentiMailTlsOptions"/> at start-up, reporting every problem at once: the settings, then the
/// configured certificate files themselves (present, readable, key matching the certificate, usable for a server, not
/// expired), so a bad certificate stops the host before it listens.
/// </summary>
internal sealed class SentiMailTlsOptionsValidator(IHostEnvironment environment, TimeProvider? time = null) : IValidateOptions<SentiMailTlsOptions>
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public ValidateOptionsResult Validate(string? name, SentiMailTlsOptions options)
    {
        var errors = options.ValidateSettings();
        if (errors.Count == 0 && ServerCertificateProvider.ResolveFiles(options, environment.ContentRootPath) is var (certificatePath, keyPath))
        {
            if (options.CertificateDirectory is not null && !Directory.Exists(Path.GetDirectoryName(certificatePath)))
            {
                errors.Add($"{SentiMailTlsOptions.SectionName}:CertificateDirectory '{Path.GetDirectoryName(certificatePath)}' does not exist.");
            }
            else if (!PemCertificateLoader.TryLoad(certificatePath, keyPath, options.KeyPassword, _time.GetUtcNow(), out _, out var error))
            {
                errors.Add($"{SentiMailTlsOptions.SectionName}: {error}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
