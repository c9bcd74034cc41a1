namespace SentiMail.Kubernetes.WarmUp;

/// <summary>What the probes report: how far the warm-up got and whether the application is draining. Thread-safe.</summary>
internal sealed class ProbeState
{
    private readonly Lock _lock = new();
    private WarmUpStatus _status;
    private TimeSpan _duration;
    private string? _failure;
    private int _draining;

    /// <summary>Gets whether the warm-up has completed.</summary>
    public bool IsWarmedUp
    {
        get
        {
            lock (_lock)
            {
                return _status == WarmUpStatus.Completed;
            }
        }
    }

    /// <summary>Gets whether the application is shutting down (readiness fails from then on).</summary>
    public bool IsDraining => Volatile.Read(ref _draining) != 0;

    /// <summary>Takes a consistent snapshot of the warm-up: status, duration when completed, short reason when failed.</summary>
    /// <returns>The snapshot.</returns>
    public (WarmUpStatus Status, TimeSpan Duration, string? Failure) Snapshot()
    {
        lock (_lock)
        {
            return (_status, _duration, _failure);
        }
    }

    public void WarmUpStarted() => Set(WarmUpStatus.Running, TimeSpan.Zero, null);

    public void WarmUpCompleted(TimeSpan duration) => Set(WarmUpStatus.Completed, duration, null);

    /// <summary>Records a failed warm-up.</summary>
    /// <param name="reason">A short reason written by this package (never exception text): it is shown by the probes.</param>
    public void WarmUpFailed(string reason) => Set(WarmUpStatus.Failed, TimeSpan.Zero, reason);

    /// <summary>Starts draining.</summary>
    /// <returns><see langword="true"/> for the call that started it, <see langword="false"/> when it was already draining.</returns>
    public bool BeginDrain() => Interlocked.Exchange(ref _draining, 1) == 0;

    private void Set(WarmUpStatus status, TimeSpan duration, string? failure)
    {
        lock (_lock)
        {
            _status = status;
            _duration = duration;
            _failure = failure;
        }
    }
}
