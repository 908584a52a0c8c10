using DualRobot.Api.Audit;

namespace DualRobot.Tests.Audit;

/// <summary>Which records are counted together, for how long, and with which parameters.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class RepeatedRefusalsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 31, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, string> Forward = new() { ["direction"] = "forward" };

    private readonly RepeatedRefusals _refusals = new(TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData("Linus", "drive", "rate_limited", true)]
    [InlineData("Linus", "release-control", "not_held", true)]
    [InlineData("Linus", "drive", "accepted", false)] // every accepted command is a record
    [InlineData("Linus", "eye", "forbidden", false)] // refused for the role: security-relevant
    [InlineData("Linus", RobotActions.TakeControl, "in_use", false)] // a take-over: security-relevant
    [InlineData(null, RobotActions.EmergencyStop, "accepted", false)]
    public void OnlyRefusedRobotCommands_AreCounted(string? robot, string action, string outcome, bool repeatable) =>
        Assert.Equal(repeatable, RepeatedRefusals.IsRepeatable(Refusal(Noon, robot: robot, action: action, outcome: outcome)));

    [Fact]
    public void RepeatsWithinTheWindow_AreOneRecord_QueuedOnlyWhileTheWriterHasNotTakenIt()
    {
        var repeat = _refusals.Add(Refusal(Noon))!;
        Assert.Null(_refusals.Add(Refusal(Noon.AddSeconds(1)))); // queued already
        Assert.Equal((2, Noon, Noon.AddSeconds(1)), Counted(repeat.Take()));

        Assert.Same(repeat, _refusals.Add(Refusal(Noon.AddSeconds(2)))); // taken since: queue it again
        Assert.Null(_refusals.Add(Refusal(Noon.AddMinutes(5).AddTicks(-1))));

        Assert.Equal((4, Noon, Noon.AddMinutes(5).AddTicks(-1)), Counted(repeat.Take()));
    }

    [Fact]
    public void TheWindowEnds_FiveMinutesAfterTheFirst_ANewRecordStarts()
    {
        var first = _refusals.Add(Refusal(Noon))!;

        var second = _refusals.Add(Refusal(Noon.AddMinutes(5)))!;

        Assert.NotSame(first, second);
        Assert.Equal((1, Noon.AddMinutes(5), Noon.AddMinutes(5)), Counted(second.Take()));
        Assert.Equal(1, first.Take().Count);
    }

    [Fact]
    public void AnotherUserRobotActionOrOutcome_IsAnotherRecord()
    {
        var repeats = new[]
        {
            _refusals.Add(Refusal(Noon)),
            _refusals.Add(Refusal(Noon, user: "eve")),
            _refusals.Add(Refusal(Noon, robot: "Torvalds")),
            _refusals.Add(Refusal(Noon, action: "velocity")),
            _refusals.Add(Refusal(Noon, outcome: "estopped")),
        };

        Assert.All(repeats, Assert.NotNull);
        Assert.Equal(5, repeats.Distinct().Count());
    }

    [Fact]
    public void Parameters_AreKeptWhileAllAgree_AndDroppedOnceTheyDiffer_TheFirstDetailStays()
    {
        var repeat = _refusals.Add(Refusal(Noon, parameters: Forward, detail: "first"))!;
        _refusals.Add(Refusal(Noon.AddSeconds(1), parameters: new Dictionary<string, string>(Forward), detail: "second"));
        Assert.Equal(Forward, repeat.Take().Parameters);

        _refusals.Add(Refusal(Noon.AddSeconds(2), parameters: new Dictionary<string, string> { ["direction"] = "left" }));
        _refusals.Add(Refusal(Noon.AddSeconds(3), parameters: Forward));

        var record = repeat.Take();
        Assert.Null(record.Parameters);
        Assert.Equal("first", record.Detail);
        Assert.Equal(4, record.Count);
    }

    private static (int Count, DateTimeOffset First, DateTimeOffset? Last) Counted(AuditRecord record) => (record.Count, record.Time, record.Last);

    private static AuditRecord Refusal(
        DateTimeOffset time, string user = "mallory", string? robot = "Linus", string action = "drive", string outcome = "rate_limited",
        IReadOnlyDictionary<string, string>? parameters = null, string? detail = null) =>
        new(0, time, user, robot, action, parameters, outcome, detail);
}
