using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DualRobot.AppHost;

/// <summary>
/// Starts a resource again when its process dies without being asked to stop (a crash, the OOM killer, a kill -9), as
/// Kubernetes and systemd do for the deployed api: Aspire runs a project once and leaves it down. A stop from the
/// dashboard (or any Stop command) passes through "Stopping" first and is left alone.
/// </summary>
public static partial class CrashRestarts
{
    public const string LoggerCategory = "DualRobot.AppHost.CrashRestarts";

    /// <summary>Between the crash and the start: a process that dies at once is not started in a tight loop.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);

    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource)
        where T : IResource
    {
        resource.WithAnnotation(new RestartOnCrashAnnotation());
        resource.ApplicationBuilder.Services.AddHostedService<Restarter>();
        return resource;
    }

    private sealed class RestartOnCrashAnnotation : IResourceAnnotation;

    private sealed class Restarter(ResourceNotificationService notifications, ResourceCommandService commands, ILoggerFactory loggers)
        : BackgroundService
    {
        private readonly ConcurrentDictionary<string, string?> _states = new();

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var logger = loggers.CreateLogger(LoggerCategory);
            try
            {
                await foreach (var update in notifications.WatchAsync(stoppingToken))
                {
                    if (!update.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>())
                    {
                        continue;
                    }

                    var state = update.Snapshot.State?.Text;
                    var before = _states.GetValueOrDefault(update.ResourceId);
                    _states[update.ResourceId] = state;
                    if (before == KnownResourceStates.Running && state is not null && KnownResourceStates.TerminalStates.Contains(state))
                    {
                        LogCrashed(logger, update.Resource.Name, update.Snapshot.ExitCode);
                        _ = RestartAsync(update.ResourceId, update.Resource.Name, logger, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The AppHost is stopping: nothing is restarted any more.
            }
        }

        private async Task RestartAsync(string resourceId, string name, ILogger logger, CancellationToken stoppingToken)
        {
            try
            {
                await Task.Delay(Delay, stoppingToken);
                var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
                if (!result.Success)
                {
                    LogRestartFailed(logger, name, result.Message);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping: leave it down.
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Resource} exited by itself (exit code {ExitCode}): starting it again.")]
    private static partial void LogCrashed(ILogger logger, string resource, int? exitCode);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Resource} could not be started again: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string resource, string? reason);
}
