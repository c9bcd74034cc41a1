namespace SentiMail.Kubernetes.Tests.Probes;

/// <summary>The application's store as the readiness check sees it: it answers, or it is down.</summary>
internal sealed class TestStore
{
    private volatile bool _available = true;

    public bool Available
    {
        get => _available;
        set => _available = value;
    }

    public Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_available);
    }
}
