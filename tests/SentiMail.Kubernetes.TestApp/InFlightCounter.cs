namespace SentiMail.Kubernetes.TestApp;

/// <summary>Counts the requests being served.</summary>
internal sealed class InFlightCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public Scope Enter()
    {
        Interlocked.Increment(ref _count);
        return new Scope(this);
    }

    internal readonly struct Scope(InFlightCounter counter) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref counter._count);
    }
}
