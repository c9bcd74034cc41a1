using Microsoft.Extensions.Options;

namespace SentiMail.Kubernetes.Probes;

/// <summary>Validates <see cref="SentiMailProbeOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailProbeOptionsValidator : IValidateOptions<SentiMailProbeOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
