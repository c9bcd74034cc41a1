namespace SentiMail.AspNetCore.Analyses;

/// <summary>Keeps analyses for the HTTP API. Implementations are thread-safe.</summary>
/// <remarks><see cref="InMemoryAnalysisStore"/> serves tests and samples; a host provides a durable one.</remarks>
public interface IAnalysisStore
{
    /// <summary>Stores a new analysis.</summary>
    /// <param name="analysis">The analysis; its id is new.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the analysis is stored.</returns>
    Task SaveAsync(StoredAnalysis analysis, CancellationToken cancellationToken = default);

    /// <summary>Finds an analysis by id, whoever owns it (callers check ownership).</summary>
    /// <param name="id">The analysis id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The analysis, or <see langword="null"/> when there is none with this id.</returns>
    Task<StoredAnalysis?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists one page of analyses matching <paramref name="query"/>, newest first, with the total count.</summary>
    /// <param name="query">The owner, filters and page.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The page.</returns>
    Task<AnalysisPage> ListAsync(AnalysisQuery query, CancellationToken cancellationToken = default);

    /// <summary>Deletes an analysis.</summary>
    /// <param name="id">The analysis id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns><see langword="true"/> when it existed and was deleted.</returns>
    Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default);
}
