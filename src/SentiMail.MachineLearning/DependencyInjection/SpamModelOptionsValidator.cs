using Microsoft.Extensions.Options;
using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.DependencyInjection;

/// <summary>Validates <see cref="SpamModelOptions"/> against the engine's scoring policy and loads the model, so that a
/// bad model stops the application at start-up.</summary>
internal sealed class SpamModelOptionsValidator(SpamModelCache cache, IOptions<SentiMailOptions> engine) : IValidateOptions<SpamModelOptions>
{
    public ValidateOptionsResult Validate(string? name, SpamModelOptions options)
    {
        var errors = new List<string>(options.Validate(engine.Value.Scoring));
        if (errors.Count == 0)
        {
            try
            {
                cache.Get(options);
            }
            catch (SpamModelLoadException ex)
            {
                errors.Add(ex.Message);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
