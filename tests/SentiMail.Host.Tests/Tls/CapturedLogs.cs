using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SentiMail.Host.Tests.Tls;

/// <summary>A logger provider that keeps every entry, so tests can wait for an event id.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> _entries = new();
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public bool Has(int eventId) => _entries.Any(e => e.Id.Id == eventId);

    public int Count(int eventId) => _entries.Count(e => e.Id.Id == eventId);

    public string Text => string.Join("\n", _entries.Select(e => $"[{e.Id.Id}] {e.Message}"));

    /// <summary>Waits until <paramref name="count"/> entries with <paramref name="eventId"/> were logged.</summary>
    public Task WaitForAsync(int eventId, int count = 1, int timeoutSeconds = 15) =>
        WaitUntilAsync(() => Count(eventId) >= count, $"Event {eventId} not logged {count} time(s)", timeoutSeconds);

    /// <summary>Waits until an entry with <paramref name="eventId"/> whose message holds <paramref name="text"/> was
    /// logged (a watcher may log other entries with that id first, such as a file seen half-written).</summary>
    public Task WaitForAsync(int eventId, string text, int timeoutSeconds = 15) =>
        WaitUntilAsync(
            () => _entries.Any(e => e.Id.Id == eventId && e.Message.Contains(text, StringComparison.Ordinal)),
            $"Event {eventId} with '{text}' not logged",
            timeoutSeconds);

    private async Task WaitUntilAsync(Func<bool> logged, string failure, int timeoutSeconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (!logged())
        {
            try
            {
                await _signal.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{failure} within {timeoutSeconds} s. Logged:\n{Text}");
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._entries.Enqueue((eventId, logLevel, formatter(state, exception)));
            owner._signal.Release();
        }
    }
}
