using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.Analyses;

/// <summary>Validates <see cref="SentiMailApiOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailApiOptionsValidator : IValidateOptions<SentiMailApiOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailApiOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
