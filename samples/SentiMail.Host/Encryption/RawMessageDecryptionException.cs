namespace SentiMail.Host.Encryption;

/// <summary>A sealed raw message cannot be opened: its key is unknown, or the key or the data is wrong.</summary>
public sealed class RawMessageDecryptionException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RawMessageDecryptionException"/> class.</summary>
    public RawMessageDecryptionException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RawMessageDecryptionException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public RawMessageDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RawMessageDecryptionException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RawMessageDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
