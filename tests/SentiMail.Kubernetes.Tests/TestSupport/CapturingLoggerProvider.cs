using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SentiMail.Kubernetes.Tests.TestSupport;

/// <summary>Keeps every log entry (category, event, message and exception) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Gets everything logged as one string.</summary>
    public string AllText => string.Join('\n', _entries);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        // Nothing to release: entries stay readable after the host stops.
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider._entries.Enqueue($"{category} {logLevel} {eventId.Id}/{eventId.Name}: {formatter(state, exception)} {exception}");
    }
}
