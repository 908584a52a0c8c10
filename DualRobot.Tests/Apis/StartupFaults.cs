using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DualRobot.Tests.Apis;

/// <summary>
/// The exceptions a host logs as it fails to start ("Hosting failed to start"). The host logs the real reason before it
/// rethrows it, so the reason is here even when WebApplicationFactory reports the failing host's disposal instead.
/// </summary>
public sealed class StartupFaults : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<Exception> _faults = new();

    public IReadOnlyCollection<Exception> Logged => _faults;

    public ILogger CreateLogger(string categoryName) =>
        categoryName == "Microsoft.Extensions.Hosting.Internal.Host" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not null && IsEnabled(logLevel))
        {
            _faults.Enqueue(exception);
        }
    }

    public void Dispose()
    {
    }
}
