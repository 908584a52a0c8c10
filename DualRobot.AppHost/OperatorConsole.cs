using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.AppHost;

/// <summary>
/// Where the operator goes: the frontend's URL, named in the dashboard and printed once the console is healthy, with
/// how to sign in and where the password is kept (never the password itself: terminals are logged and shared).
/// </summary>
public static partial class OperatorConsole
{
    public const string DisplayText = "Operator console";
    public const string LoggerCategory = "DualRobot.AppHost.OperatorConsole";
    public const string UserName = "operator";

    public static IResourceBuilder<ProjectResource> WithOperatorConsoleUrl(this IResourceBuilder<ProjectResource> frontend)
    {
        frontend.WithUrlForEndpoint("http", url => url.DisplayText = DisplayText);

        // ResourceReadyEvent comes once the frontend's health checks pass (and after WaitFor(api)), so the printed
        // URL is one that answers.
        frontend.OnResourceReady((resource, ready, _) =>
        {
            var logger = ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
            LogReady(logger, resource.GetEndpoint("http").Url, UserName, ParameterNames.OperatorPassword);
            return Task.CompletedTask;
        });

        return frontend;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Operator console: {Url} · sign in as {User}; "
        + "the password is the {Parameter} parameter (Aspire dashboard → Parameters, eye icon; or "
        + "dotnet user-secrets list --project DualRobot.AppHost)")]
    private static partial void LogReady(ILogger logger, string url, string user, string parameter);
}
