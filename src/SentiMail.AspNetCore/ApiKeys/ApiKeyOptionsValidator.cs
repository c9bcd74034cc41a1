using Microsoft.Extensions.Options;

namespace SentiMail.AspNetCore.ApiKeys;

/// <summary>Validates <see cref="ApiKeyOptions"/>, reporting every problem at once.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
