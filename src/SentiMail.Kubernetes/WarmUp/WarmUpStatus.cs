namespace SentiMail.Kubernetes.WarmUp;

/// <summary>How far the warm-up got.</summary>
internal enum WarmUpStatus
{
    /// <summary>The warm-up has not started yet.</summary>
    Pending,

    /// <summary>The warm-up is running.</summary>
    Running,

    /// <summary>The engine is built and analysed the warm-up message.</summary>
    Completed,

    /// <summary>A step failed or the time budget ran out.</summary>
    Failed,
}
