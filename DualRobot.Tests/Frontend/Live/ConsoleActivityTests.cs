using DualRobot.Frontend.Live;

namespace DualRobot.Tests.Frontend.Live;

/// <summary>
/// The audit records the console passes on to pages (the Activity panel, fed by the live stream): the newest overall
/// and of each robot, a grown count replacing its record, and only to signed-in users' streams.
/// </summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class ConsoleActivityTests
{
    private static string Record(long id, string? robot, int count = 1, string time = "2026-11-30T12:00:00+00:00") =>
        $$"""{"id":{{id}},"time":"{{time}}","user":"alice","robot":{{(robot is null ? "null" : $"\"{robot}\"")}},"action":"drive","outcome":"accepted","count":{{count}}}""";

    [Fact]
    public void Keeps_TheNewestOverall_AndTheNewestOfEachRobot()
    {
        var latest = new LatestActivity(2);
        latest.Add(Record(1, "Torvalds"));
        latest.Add(Record(2, "Torvalds"));
        latest.Add(Record(3, "Torvalds"));
        latest.Add(Record(4, "Linus"));
        latest.Add(Record(5, "Linus"));
        latest.Add(Record(6, "Linus"));

        // Overall 5 and 6; of Linus 5 and 6; of Torvalds 2 and 3: its own stay findable by the robot filter.
        Assert.Equal([2, 3, 5, 6], Ids(latest));
        Assert.Null(latest.Add(Record(1, "Torvalds")));
    }

    [Fact]
    public void ARecordAgainUnderItsId_ReplacesTheOneKept()
    {
        var latest = new LatestActivity(50);
        latest.Add(Record(7, "Linus", count: 1));
        Assert.NotNull(latest.Add(Record(7, "Linus", count: 37)));

        Assert.Contains("\"count\":37", Assert.Single(latest.Records), StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIsNotARecord_IsNotKept()
    {
        var latest = new LatestActivity(50);
        Assert.Null(latest.Add("{}"));
        Assert.Null(latest.Add("not json"));
        Assert.Empty(latest.Records);
    }

    [Fact]
    public void RecordsOfTwoInstances_UnderTheSameId_AreBothKept_NamedByInstance_InTimeOrder()
    {
        var latest = new LatestActivity(50);
        latest.Add(Record(1, "Linus", time: "2026-11-30T12:00:02+00:00"), "api-0");
        latest.Add(Record(1, "Ada", time: "2026-11-30T12:00:01+00:00"), "api-1");
        latest.Add(Record(1, "Ada", time: "2026-11-30T12:00:01+00:00", count: 3), "api-1");

        var records = latest.Records.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement).ToList();
        Assert.Equal([("api-1", "Ada", 3), ("api-0", "Linus", 1)],
            records.Select(r => (r.GetProperty("instance").GetString(), r.GetProperty("robot").GetString(), r.GetProperty("count").GetInt32())));
    }

    [Fact]
    public async Task OnlySignedInUsersStreams_GetTheRecords_TheNewestFirstThenEachNewOne()
    {
        var hub = new ConsoleEventHub();
        hub.PublishActivity(Record(1, "Linus"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var anonymous = hub.SubscribeAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        await using var signedIn = hub.SubscribeAsync(cancel.Token, activity: true).GetAsyncEnumerator(cancel.Token);

        Assert.True(await anonymous.MoveNextAsync());
        Assert.Equal(ConsoleEventHub.ConsoleEvent, anonymous.Current.EventType);
        Assert.True(await signedIn.MoveNextAsync());
        Assert.Equal(ConsoleEventHub.ConsoleEvent, signedIn.Current.EventType);
        Assert.True(await signedIn.MoveNextAsync());
        Assert.Equal((ConsoleEventHub.ActivityEvent, Record(1, "Linus")), (signedIn.Current.EventType, signedIn.Current.Data));

        hub.PublishActivity(Record(2, "Linus"));
        hub.KeepAlive();
        Assert.True(await signedIn.MoveNextAsync());
        Assert.Equal(Record(2, "Linus"), signedIn.Current.Data);
        // The anonymous stream skips the record: the next thing it gets is the keep-alive after it.
        Assert.True(await anonymous.MoveNextAsync());
        Assert.Equal(ConsoleEventHub.KeepAliveEvent, anonymous.Current.EventType);
    }

    private static long[] Ids(LatestActivity latest) =>
        [.. latest.Records.Select(json => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetInt64())];
}
