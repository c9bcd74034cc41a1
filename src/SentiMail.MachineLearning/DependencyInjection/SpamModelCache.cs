using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.DependencyInjection;

/// <summary>Loads the configured model once, so that start-up validation and the analyzer share it.</summary>
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
            if (_model is null || !string.Equals(_loadedPath, key, StringComparison.Ordinal))
            {
                _model = options.ModelPath is null ? SpamModel.LoadEmbedded() : SpamModel.Load(options.ModelPath);
                _loadedPath = key;
            }

            return _model;
        }
    }
}
