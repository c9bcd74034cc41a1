using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.DependencyInjection;

/// <summary>Loads the configured model once, so that start-up validation and the analyzer share it. The model is
/// loaded once for the application's life: options that name another file later (a configuration reloaded while it
/// runs) are refused with the reason, instead of loading a second model that nothing would use.</summary>
internal sealed class SpamModelCache
{
    private readonly Lock _lock = new();
    private string? _loadedPath;
    private SpamModel? _model;

    public SpamModel Get(SpamModelOptions options)
    {
        var key = options.ModelPath ?? SpamModel.EmbeddedSource;
        lock (_lock)
        {
            if (_model is null)
            {
                _model = options.ModelPath is null ? SpamModel.LoadEmbedded() : SpamModel.Load(options.ModelPath);
                _loadedPath = key;
            }
            else if (!string.Equals(_loadedPath, key, StringComparison.Ordinal))
            {
                throw new SpamModelLoadException(
                    $"The spam model '{key}' was configured after '{_loadedPath}' was loaded; the model is loaded once, at start-up: restart the application to use it.",
                    key,
                    null);
            }

            return _model;
        }
    }
}
