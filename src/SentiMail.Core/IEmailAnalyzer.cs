using System.IO.Pipelines;
using SentiMail.Context;
using SentiMail.Reporting;

namespace SentiMail;

/// <summary>Analyses raw emails (RFC 5322 / MIME) and reports whether they are malicious, and why.</summary>
/// <remarks>
/// <para>Every method either returns a report or throws <see cref="Parsing.MessageRejectedException"/> for input that is
/// not an email or breaks a limit, or <see cref="OperationCanceledException"/> when the caller cancels.</para>
/// <para>Implementations are thread-safe: one instance serves concurrent analyses.</para>
/// </remarks>
public interface IEmailAnalyzer
{
    /// <summary>Analyses a message read from a stream (read to its end, up to the size limit).</summary>
    /// <param name="message">The raw message.</param>
    /// <param name="envelope">What the receiving server knows (client IP, MAIL FROM, HELO), if anything.</param>
    /// <param name="cancellationToken">A token to cancel the analysis.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Parsing.MessageRejectedException">The input is not an email or breaks a limit.</exception>
    Task<AnalysisReport> AnalyzeAsync(Stream message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default);

    /// <summary>Analyses a message held in memory.</summary>
    /// <param name="message">The raw message.</param>
    /// <param name="envelope">What the receiving server knows, if anything.</param>
    /// <param name="cancellationToken">A token to cancel the analysis.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Parsing.MessageRejectedException">The input is not an email or breaks a limit.</exception>
    Task<AnalysisReport> AnalyzeAsync(ReadOnlyMemory<byte> message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default);

    /// <summary>Analyses a message read from a pipe (read until the writer completes, up to the size limit).</summary>
    /// <param name="message">The pipe reader.</param>
    /// <param name="envelope">What the receiving server knows, if anything.</param>
    /// <param name="cancellationToken">A token to cancel the analysis.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Parsing.MessageRejectedException">The input is not an email or breaks a limit.</exception>
    Task<AnalysisReport> AnalyzeAsync(PipeReader message, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default);

    /// <summary>Analyses a message stored in a file (<c>.eml</c>).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="envelope">What the receiving server knows, if anything.</param>
    /// <param name="cancellationToken">A token to cancel the analysis.</param>
    /// <returns>The report.</returns>
    /// <exception cref="Parsing.MessageRejectedException">The file cannot be read, is not an email or breaks a limit.</exception>
    Task<AnalysisReport> AnalyzeFileAsync(string path, MessageEnvelope? envelope = null, CancellationToken cancellationToken = default);
}
