using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Validates <see cref="SentiMailRateLimitOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailRateLimitOptionsValidator : IValidateOptions<SentiMailRateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailRateLimitOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
