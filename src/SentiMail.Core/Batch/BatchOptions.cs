namespace SentiMail.Batch;

/// <summary>Options of a batch analysis.</summary>
public sealed class BatchOptions
{
    /// <summary>Gets or sets how many messages are analysed at once.</summary>
    /// <value>The default value is the number of processors. Range: 1 to 256.</value>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Gets or sets the largest message read from an mbox; larger ones are reported as rejected.</summary>
    /// <value>The default value is 32 MiB, as <see cref="Parsing.MessageLimits.MaxMessageBytes"/>.</value>
    public long MaxMessageBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Gets or sets what the receiving server knows (client IP, MAIL FROM, HELO), applied to every message.</summary>
    /// <value>The default value is <see langword="null"/>: everything is read from each message.</value>
    public Context.MessageEnvelope? Envelope { get; set; }

    /// <summary>Gets or sets a value indicating whether files whose name starts with a dot are skipped in folders.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool SkipHiddenFiles { get; set; } = true;
}
