using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualRobot.AppHost;

/// <summary>"Emergency stop" and "Release e-stop" buttons on the api resource in the Aspire dashboard.</summary>
public static class EmergencyStopCommands
{
    public const string EmergencyStop = "estop";
    public const string Release = "estop-release";

    /// <summary>A raised hand: Aspire's own Stop (a square) stops the api process, which is not what this does.</summary>
    public const string EmergencyStopIcon = "HandRight";

    /// <summary>The dashboard's commands get an HttpClient by this name, so they keep a timeout (the default has none).</summary>
    private const string HttpClientName = "dualrobot-estop";

    public static IResourceBuilder<ProjectResource> WithEmergencyStopCommands(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey)
    {
        api.ApplicationBuilder.Services.AddHttpClient(HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));

        api.WithHttpCommand("/estop", "Emergency stop", endpointName: "http", commandName: EmergencyStop,
            commandOptions: Options(apiKey,
                description: "Stops every robot and latches: motion is refused until released.",
                icon: EmergencyStopIcon,
                confirmation: "Emergency stop? Every robot stops and motion is refused until the e-stop is released.",
                highlighted: true));

        api.WithHttpCommand("/estop/release", "Release e-stop", endpointName: "http", commandName: Release,
            commandOptions: Options(apiKey,
                description: "Releases the emergency stop; robots stay stopped until the next command.",
                icon: "Play",
                confirmation: "Release the emergency stop? Robots may be driven again.",
                highlighted: false));

        return api;
    }

    private static HttpCommandOptions Options(
        IResourceBuilder<ParameterResource> apiKey, string description, string icon, string confirmation, bool highlighted) => new()
    {
        Method = HttpMethod.Post,
        HttpClientName = HttpClientName,
        Description = description,
        IconName = icon,
        ConfirmationMessage = confirmation,
        IsHighlighted = highlighted,
        UpdateState = RunningOnly,
        // The key is read when the button is pressed, never stored in the command.
        PrepareRequest = async context => context.Request.Headers.Authorization =
            new AuthenticationHeaderValue("Bearer", await apiKey.Resource.GetValueAsync(context.CancellationToken)),
        GetCommandResult = context => Task.FromResult(context.Response.IsSuccessStatusCode
            ? CommandResults.Success()
            : CommandResults.Failure($"The api answered {(int)context.Response.StatusCode} {context.Response.ReasonPhrase}.")),
    };

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus is HealthStatus.Healthy or HealthStatus.Degraded
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;
}
