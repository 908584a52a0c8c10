using System.Net;
using DualRobot.Api.Audit;
using DualRobot.Tests.Apis;

namespace DualRobot.Tests.Audit;

[Trait(Tier.Name, Tier.Functional)]
public sealed class AuditTrailTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"trail-{Guid.NewGuid():N}", "audit.db");

    [Fact]
    public async Task Restart_KeepsTheRecords_InTheSqliteFile()
    {
        await using (var first = Factory())
        {
            using var client = first.CreateAuthorizedClient();
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As("alice"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop/release").As("sue", "supervisor"))).StatusCode);

            // No waiting for the writer: stopping the host must write what is queued.
        }

        Assert.True(File.Exists(_path));
        await using var second = Factory();
        using var reader = second.CreateAuthorizedClient();
        var records = await reader.AuditAsync();

        Assert.Collection(records,
            release => Assert.Equal(("sue", RobotActions.EmergencyStopRelease, "accepted"), (release.User, release.Action, release.Outcome)),
            estop => Assert.Equal(("alice", RobotActions.EmergencyStop, "accepted"), (estop.User, estop.Action, estop.Outcome)));
    }

    [Fact]
    public async Task ConcurrentEmergencyStops_GiveOneRecordEach()
    {
        const int count = 40;
        await using var api = Factory();
        using var client = api.CreateAuthorizedClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As($"user{i}"));
            return response.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var records = await client.AuditEventuallyAsync(count);
        Assert.Equal(count, records.Count(r => r.Action == RobotActions.EmergencyStop));
        Assert.Equal(count, records.Select(r => r.User).Distinct().Count());
    }

    private ApiFactory Factory() => new(new Dictionary<string, string?> { ["Audit:Path"] = _path });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
