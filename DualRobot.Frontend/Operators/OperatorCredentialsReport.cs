using DualRobot.Frontend.Control;
using DualRobot.Frontend.Diagnostics;
using Microsoft.Extensions.Options;

namespace DualRobot.Frontend.Operators;

/// <summary>Says at start-up, once, when the console cannot be used to drive: no operator, or no api key.</summary>
public sealed class OperatorCredentialsReport(
    OperatorCredentials credentials,
    IOptions<ApiKeyOptions> control,
    ILogger<OperatorCredentialsReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var count = credentials.UserNames.Count;
        if (count == 0)
        {
            FrontendLog.NoOperatorCredentials(logger);
        }
        else
        {
            FrontendLog.OperatorsConfigured(logger, count);
        }

        if (string.IsNullOrEmpty(control.Value.ApiKey))
        {
            FrontendLog.NoApiKey(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
