using Microsoft.Extensions.Options;

namespace SentiMail;

/// <summary>Validates <see cref="SentiMailOptions"/>, reporting every problem at once.</summary>
internal sealed class SentiMailOptionsValidator : IValidateOptions<SentiMailOptions>
{
    public ValidateOptionsResult Validate(string? name, SentiMailOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
