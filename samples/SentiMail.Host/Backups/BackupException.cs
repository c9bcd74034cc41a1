namespace SentiMail.Host.Backups;

/// <summary>A backup could not be written, verified or restored; the message says why and what to do.</summary>
public sealed class BackupException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BackupException"/> class.</summary>
    public BackupException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BackupException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    public BackupException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BackupException"/> class.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BackupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
