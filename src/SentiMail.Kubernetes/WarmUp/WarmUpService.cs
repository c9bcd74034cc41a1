using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SentiMail.Kubernetes.WarmUp;

/// <summary>
/// Warms the engine up in the background once the host has started: builds <see cref="IEmailAnalyzer"/> from the
/// container (rules, feeds, analyzers and whatever they depend on, such as a model), runs the application's warm-up
/// steps, then analyses a tiny built-in message once. The startup and readiness probes fail until it has completed.
/// </summary>
internal sealed class WarmUpService(
    IServiceProvider services,
    ProbeState state,
    IEnumerable<WarmUpStep> steps,
    IOptions<SentiMailProbeOptions> options,
    TimeProvider time,
    ILogger<WarmUpService> logger) : BackgroundService
{
    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Any failure of the warm-up becomes a failed probe and a log entry; it must not stop the host, so that the probes can report it.")]
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up the host's start: the probes must answer (503) while the engine warms up.
        await Task.Yield();
        state.WarmUpStarted();
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(options.Value.WarmUpTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, budget.Token);
        var stage = "building the engine";
        try
        {
            // Building the engine may read files or the network (rules, a model on a slow volume): the budget must be
            // able to end the wait, though nothing can stop the build itself, which is left to finish on its own.
            var engine = await Task.Run(services.GetRequiredService<IEmailAnalyzer>, linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
            foreach (var step in steps)
            {
                linked.Token.ThrowIfCancellationRequested();
                stage = $"step '{step.Name}'";
                await step.Run(services, linked.Token).ConfigureAwait(false);
            }

            linked.Token.ThrowIfCancellationRequested();

            stage = "analysing the warm-up message";
            await engine.AnalyzeAsync(WarmUpMessage.Bytes, envelope: null, linked.Token).ConfigureAwait(false);
            var elapsed = time.GetElapsedTime(started);
            state.WarmUpCompleted(elapsed);
            ProbeLog.WarmUpCompleted(logger, elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            state.WarmUpFailed("the application is stopping");
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            state.WarmUpFailed($"timed out while {stage}");
            ProbeLog.WarmUpTimedOut(logger, stage, options.Value.WarmUpTimeout);
        }
        catch (Exception ex)
        {
            state.WarmUpFailed($"failed while {stage}");
            ProbeLog.WarmUpFailed(logger, stage, ex);
        }
    }
}
