using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.Protection;

/// <summary>Validates <see cref="SentiMailForwardedHeadersOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailForwardedHeadersOptionsValidator : IValidateOptions<SentiMailForwardedHeadersOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailForwardedHeadersOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Validates <see cref="SentiMailIpRuleOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailIpRuleOptionsValidator : IValidateOptions<SentiMailIpRuleOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailIpRuleOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
