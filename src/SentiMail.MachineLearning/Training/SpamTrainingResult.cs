using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Training;

/// <summary>The outcome of <see cref="SpamModelTrainer.Train"/>: the chosen model and how every candidate did.</summary>
public sealed class SpamTrainingResult
{
    private readonly byte[] _file;

    internal SpamTrainingResult(SpamModel model, byte[] file)
    {
        Model = model;
        _file = file;
    }

    /// <summary>Gets the chosen model, loaded back from its file form.</summary>
    public SpamModel Model { get; }

    /// <summary>Gets the chosen model's metadata.</summary>
    public SpamModelMetadata Metadata => Model.Metadata;

    /// <summary>Writes the model file.</summary>
    /// <param name="path">Where to write it.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public Task SaveAsync(string path) => File.WriteAllBytesAsync(path, _file);

    /// <summary>Returns a copy of the model file's bytes.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray() => (byte[])_file.Clone();
}
