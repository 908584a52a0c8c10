using System.Net.Http.Json;

namespace DualRobot.Tests.Recording;

/// <summary>Reads recordings back through <c>GET /recordings</c> and <c>GET /recordings/{id}</c>, as a client would.</summary>
internal static class RecordingClient
{
    public static async Task<List<RecordingSessionDto>> SessionsAsync(this HttpClient client, string query = "")
    {
        using var response = await client.GetAsync($"/recordings?limit=1000{query}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<List<RecordingSessionDto>>())!;
    }

    public static async Task<RecordingDocumentDto> RecordingAsync(this HttpClient client, long id)
    {
        using var response = await client.GetAsync($"/recordings/{id}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RecordingDocumentDto>())!;
    }

    /// <summary>
    /// Waits until the writer has stored the robot's session as far as <paramref name="done"/> says (the writer runs
    /// on its own, a batch at a time); returns the newest session of the robot and its recording.
    /// </summary>
    public static async Task<RecordingDocumentDto> RecordedEventuallyAsync(this HttpClient client, string robot, Func<RecordingDocumentDto, bool> done)
    {
        RecordingDocumentDto? document = null;
        await Eventually.True(async () =>
        {
            var sessions = await client.SessionsAsync($"&robot={robot}");
            if (sessions.Count == 0)
            {
                return false;
            }

            document = await client.RecordingAsync(sessions[0].Id);
            return done(document);
        }, () => $"the recording of {robot} to be complete; it has {document?.Entries.Count ?? 0} entries");
        return document!;
    }
}

public sealed record RecordingSessionDto(
    long Id, string Robot, string? Driver, DateTimeOffset Start, DateTimeOffset End, int Commands, int Refusals, int Stops);

public sealed record RecordingDocumentDto(RecordingSessionDto Session, List<RecordingEntryDto> Entries)
{
    public IEnumerable<(DateTimeOffset Time, RecordedStateDto State)> States =>
        Entries.Where(e => e.State is not null).Select(e => (e.Time, e.State!));

    public IEnumerable<(DateTimeOffset Time, RecordedEventDto Event)> Events =>
        Entries.Where(e => e.Event is not null).Select(e => (e.Time, e.Event!));
}

public sealed record RecordingEntryDto(DateTimeOffset Time, string Kind, string? TraceId, RecordedStateDto? State, RecordedEventDto? Event);

public sealed record RecordedStateDto(
    string Robot, long Version, PoseDto Pose, double Left, double Right, string Motion, double? Speed, string Eye,
    List<double?> Servos, string? Driver, bool EmergencyStopLatched, bool Connected);

public sealed record PoseDto(double X, double Y, double Heading);

public sealed record RecordedEventDto(
    string User, string? Robot, string Action, Dictionary<string, string>? Parameters, string Outcome, string? Detail);
