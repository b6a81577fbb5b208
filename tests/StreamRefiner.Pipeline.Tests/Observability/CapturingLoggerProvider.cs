using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StreamRefiner.Pipeline.Tests.Observability;

/// <summary>Keeps every log line written through it (formatted message and exception text), at every level.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, int EventId, string Text)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> fields)
            {
                // Structured fields too: a sink may store them apart from the message.
                text += " | " + string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));
            }

            owner.Lines.Enqueue((category, logLevel, eventId.Id, exception is null ? text : $"{text}\n{exception}"));
        }
    }
}
