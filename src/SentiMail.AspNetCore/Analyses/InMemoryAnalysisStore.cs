namespace SentiMail.AspNetCore.Analyses;

/// <summary>
/// A thread-safe, bounded in-memory <see cref="IAnalysisStore"/> for tests and samples: when full, the oldest analysis
/// is dropped. Listing scans every analysis, so keep the capacity small.
/// </summary>
public sealed class InMemoryAnalysisStore : IAnalysisStore
{
    /// <summary>The default capacity.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<StoredAnalysis>> _byId = [];
    private readonly LinkedList<StoredAnalysis> _byAge = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryAnalysisStore"/> class.</summary>
    /// <param name="capacity">How many analyses to keep at most, from 1 to 1,000,000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is out of range.</exception>
    public InMemoryAnalysisStore(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1_000_000);
        Capacity = capacity;
    }

    /// <summary>Gets how many analyses the store keeps at most.</summary>
    public int Capacity { get; }

    /// <summary>Gets how many analyses the store holds.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="analysis"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">An analysis with the same id is already stored.</exception>
    public Task SaveAsync(StoredAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        lock (_lock)
        {
            if (_byId.ContainsKey(analysis.Id))
            {
                throw new InvalidOperationException($"An analysis with id {analysis.Id} is already stored.");
            }

            if (_byId.Count >= Capacity && _byAge.First is { } oldest)
            {
                _byId.Remove(oldest.Value.Id);
                _byAge.RemoveFirst();
            }

            _byId.Add(analysis.Id, _byAge.AddLast(analysis));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StoredAnalysis?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var node) ? node.Value : null);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The page or page size is below 1.</exception>
    public Task<AnalysisPage> ListAsync(AnalysisQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Page, 1, nameof(query));
        ArgumentOutOfRangeException.ThrowIfLessThan(query.PageSize, 1, nameof(query));
        StoredAnalysis[] matches;
        lock (_lock)
        {
            matches = [.. _byAge.Where(a => Matches(a, query))];
        }

        // Newest first; the id breaks ties so that pages are stable.
        var items = matches
            .OrderByDescending(a => a.CreatedAt)
            .ThenByDescending(a => a.Id)
            .Skip((int)Math.Min((long)(query.Page - 1) * query.PageSize, int.MaxValue))
            .Take(query.PageSize)
            .ToArray();
        return Task.FromResult(new AnalysisPage(items, matches.Length));
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_byId.Remove(id, out var node))
            {
                return Task.FromResult(false);
            }

            _byAge.Remove(node);
            return Task.FromResult(true);
        }
    }

    private static bool Matches(StoredAnalysis analysis, AnalysisQuery query) =>
        (query.OwnerId is null || string.Equals(analysis.OwnerId, query.OwnerId, StringComparison.Ordinal))
        && (query.Verdict is null || analysis.Verdict == query.Verdict)
        && (query.From is null || analysis.CreatedAt >= query.From)
        && (query.To is null || analysis.CreatedAt < query.To);
}
