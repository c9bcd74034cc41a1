using SentiMail.MachineLearning.Model;

namespace SentiMail.MachineLearning.Training;

/// <summary>The outcome of <see cref="SpamModelTrainer.Train"/>: the chosen model and how every candidate did.</summary>
public sealed class SpamTrainingResult
{
    private readonly byte[] _file;

    internal SpamTrainingResult(SpamModel model, byte[] file, IReadOnlyList<OutOfFoldPrediction> outOfFold)
    {
        Model = model;
        _file = file;
        OutOfFold = outOfFold;
    }

    /// <summary>Gets how the chosen candidate judged each training and validation message out of fold, in the order
    /// the messages were given (training, then validation; messages the parser rejected are left out).</summary>
    public IReadOnlyList<OutOfFoldPrediction> OutOfFold { get; }

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
