namespace DualRobot.Frontend.RobotApi;

public sealed partial class RobotApiClient
{
    /// <summary>
    /// A group's command, <c>POST /groups/{group}/{route}</c>: to the only instance, or with several to the first that
    /// serves the group (one instance drives every member of a group; each serves its own <c>all</c>). An instance that
    /// does not know the group answers 404 and the next is asked; the last answer is the caller's.
    /// </summary>
    public async Task<ApiResponse> SendGroupCommandAsync(string group, string route, object? body, CancellationToken cancellationToken)
    {
        var path = $"/groups/{Escape(group)}/{route}";
        ApiResponse? answer = null;
        foreach (var instance in Instances)
        {
            answer = await SendAsync(instance, HttpMethod.Post, path, body, cancellationToken);
            if (answer.FromConsole || answer.StatusCode != StatusCodes.Status404NotFound)
            {
                return answer;
            }
        }

        return answer!;
    }
}
