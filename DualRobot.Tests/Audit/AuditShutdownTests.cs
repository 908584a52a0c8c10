using System.Net;
using DualRobot.Api.Audit;

namespace DualRobot.Tests.Audit;

/// <summary>The real api process, stopped the way Kubernetes stops it: what it queued is in the SQLite file afterwards.</summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class AuditShutdownTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"sigterm-{Guid.NewGuid():N}", "audit.db");

    [Fact]
    public async Task Sigterm_RightAfterCommands_LosesNoRecord()
    {
        const int count = 50;
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["Audit__Path"] = _path });
        using var client = api.CreateClient();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As($"user{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        api.Terminate();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await api.WaitForExitAsync(cts.Token);

        Assert.Equal(0, api.ExitCode);
        var records = new AuditStore(_path).Query(new AuditQuery(null, null, null, AuditQuery.MaxLimit));
        Assert.Equal(count, records.Count(r => r.Action == RobotActions.EmergencyStop));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"user{i}").Order(), records.Select(r => r.User).Order());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);
    }
}
