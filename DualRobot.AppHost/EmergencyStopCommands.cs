using System.Net.Http.Headers;

namespace DualRobot.AppHost;

/// <summary>"Emergency stop" and "Release e-stop" buttons on the api resource in the Aspire dashboard.</summary>
public static class EmergencyStopCommands
{
    public static IResourceBuilder<ProjectResource> WithEmergencyStopCommands(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey)
    {
        api.WithCommand("estop", "Emergency stop",
            context => PostAsync(api, apiKey, "/estop", context),
            new CommandOptions
            {
                Description = "Stops every robot and latches: motion is refused until released.",
                IconName = "Stop",
                IsHighlighted = true,
                ConfirmationMessage = null,
                UpdateState = RunningOnly,
            });

        api.WithCommand("estop-release", "Release e-stop",
            context => PostAsync(api, apiKey, "/estop/release", context),
            new CommandOptions
            {
                Description = "Releases the emergency stop; robots stay stopped until the next command.",
                IconName = "Play",
                ConfirmationMessage = "Release the emergency stop? Robots may be driven again.",
                UpdateState = RunningOnly,
            });

        return api;
    }

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            or Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> PostAsync(
        IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> apiKey, string path, ExecuteCommandContext context)
    {
        try
        {
            var endpoint = api.GetEndpoint("http");
            using var client = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                await apiKey.Resource.GetValueAsync(context.CancellationToken));
            using var response = await client.SendAsync(request, context.CancellationToken);
            return response.IsSuccessStatusCode
                ? CommandResults.Success()
                : CommandResults.Failure($"The api answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return CommandResults.Failure(ex.Message);
        }
    }
}
