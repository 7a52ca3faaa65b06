using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AgentChain.Agents.Tests;

/// <summary>Keeps every formatted log line (and writes it to the test output stream when one is given) so tests can check what was said.</summary>
public sealed class RecordingLogger(Action<string>? sink = null) : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception);
        Lines.Enqueue((logLevel, message));
        try
        {
            sink?.Invoke($"[{logLevel}] {message}");
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper refuses writes after the test ended; background loops may still log then.
        }
    }

    public bool Said(string text) => Lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal));
}
