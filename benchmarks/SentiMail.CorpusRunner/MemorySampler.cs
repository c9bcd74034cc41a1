namespace SentiMail.CorpusRunner;

/// <summary>Samples the working set and the managed heap every few milliseconds and keeps the highest values, since
/// the runtime reports the peak working set but not the peak managed heap.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _maxWorkingSet;
    private long _maxManagedHeap;

    public MemorySampler(TimeSpan interval)
    {
        Sample();
        _timer = new Timer(_ => Sample(), null, interval, interval);
    }

    public long MaxWorkingSet => Interlocked.Read(ref _maxWorkingSet);

    public long MaxManagedHeap => Interlocked.Read(ref _maxManagedHeap);

    public void Dispose()
    {
        _timer.Dispose();
        Sample();
    }

    private void Sample()
    {
        Raise(ref _maxWorkingSet, Environment.WorkingSet);
        Raise(ref _maxManagedHeap, GC.GetTotalMemory(forceFullCollection: false));
    }

    private static void Raise(ref long max, long value)
    {
        var current = Interlocked.Read(ref max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref max, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
