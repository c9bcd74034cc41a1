using SentiMail.Context;
using SentiMail.Signals;

namespace SentiMail.Analyzers;

/// <summary>
/// One analysis step: reads the <see cref="AnalysisContext"/> and raises signals. Register implementations with
/// <c>services.AddSentiMail().AddAnalyzer&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// <para>Implementations are singletons shared by concurrent analyses: keep per-message state in locals.</para>
/// <para>CPU-only analyzers should complete synchronously (return <see cref="ValueTask.CompletedTask"/>); the engine runs
/// them in sequence on the context and parallelises across messages. Analyzers that do I/O get a time budget
/// (<see cref="SentiMailOptions.AnalyzerTimeout"/>) through the cancellation token given to
/// <see cref="AnalyzeAsync"/>.</para>
/// <para>An exception thrown by an analyzer does not fail the report: it becomes an <c>analyzer.error</c> signal.</para>
/// </remarks>
public interface IMessageAnalyzer
{
    /// <summary>Gets the analyzer's name, shown in report timings, such as <c>links</c>.</summary>
    string Name { get; }

    /// <summary>Gets the signals this analyzer can raise.</summary>
    IReadOnlyList<SignalDefinition> Signals { get; }

    /// <summary>Analyses one message.</summary>
    /// <param name="context">The message, parsed and derived.</param>
    /// <param name="signals">Where to raise signals.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up or the analyzer's budget is spent.</param>
    /// <returns>A task that completes when the analyzer is done.</returns>
    ValueTask AnalyzeAsync(AnalysisContext context, SignalCollector signals, CancellationToken cancellationToken);
}
