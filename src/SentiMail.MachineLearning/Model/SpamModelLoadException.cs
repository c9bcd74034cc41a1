namespace SentiMail.MachineLearning.Model;

/// <summary>A spam model could not be loaded: the file is missing, is not a SentiMail model, or is damaged.</summary>
public sealed class SpamModelLoadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="SpamModelLoadException"/> class.</summary>
    public SpamModelLoadException()
        : this("The spam model could not be loaded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpamModelLoadException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public SpamModelLoadException(string message)
        : this(message, "unknown", null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpamModelLoadException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public SpamModelLoadException(string message, Exception? innerException)
        : this(message, "unknown", innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SpamModelLoadException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="modelSource">Where the model was read from: a file path or <c>embedded</c>.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SpamModelLoadException(string message, string modelSource, Exception? innerException)
        : base(message, innerException)
    {
        ModelSource = modelSource;
    }

    /// <summary>Gets where the model was read from: a file path or <c>embedded</c>.</summary>
    public string ModelSource { get; }
}
