using DualRobot.Api.Control;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Control;

[Trait(Tier.Name, Tier.Unit)]
public sealed class ControlClaimsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero));
    private readonly ControlClaims _claims;

    public ControlClaimsTests()
    {
        _claims = new ControlClaims(Options.Create(new ControlOptions { ClaimIdleSeconds = 10, ClaimActiveMs = 1000 }), _time);
    }

    [Fact]
    public void FreeRobot_IsClaimedByItsFirstCommander()
    {
        Assert.Null(_claims.TryClaim("Linus", "alice"));

        var claim = _claims.Holder("linus");
        Assert.Equal("alice", claim!.User);
        Assert.Equal(_time.GetUtcNow(), claim.Since);
    }

    [Fact]
    public void ClaimedRobot_RefusesAnotherUser_AndNamesTheHolder()
    {
        _claims.TryClaim("Linus", "alice");
        _time.Advance(TimeSpan.FromSeconds(9));

        var holder = _claims.TryClaim("Linus", "bob");

        Assert.Equal("alice", holder!.User);
        Assert.Equal("alice", _claims.Holder("Linus")!.User);
    }

    [Fact]
    public void Claim_IsRenewedByEachCommand_AndKeepsItsStart()
    {
        var start = _time.GetUtcNow();
        _claims.TryClaim("Linus", "alice");
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(9));
            Assert.Null(_claims.TryClaim("Linus", "ALICE"));
        }

        Assert.Equal("alice", _claims.TryClaim("Linus", "bob")!.User);
        Assert.Equal(start, _claims.Holder("Linus")!.Since);
    }

    [Fact]
    public void Claim_LapsesClaimIdleSecondsAfterTheLastCommand()
    {
        _claims.TryClaim("Linus", "alice");
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(_claims.Holder("Linus"));
        Assert.Null(_claims.TryClaim("Linus", "bob"));
        Assert.Equal("bob", _claims.Holder("Linus")!.User);
    }

    [Fact]
    public void CheckWithoutRenewal_RefusesAnotherUser_ButNeitherClaimsNorRenews()
    {
        Assert.Null(_claims.TryClaim("Linus", "alice", renew: false));
        Assert.Null(_claims.Holder("Linus"));

        _claims.TryClaim("Linus", "alice");
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Null(_claims.TryClaim("Linus", "alice", renew: false));
        Assert.Equal("alice", _claims.TryClaim("Linus", "bob", renew: false)!.User);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(_claims.Holder("Linus"));
    }

    [Fact]
    public void Claims_AreKeptPerRobot()
    {
        _claims.TryClaim("Linus", "alice");

        Assert.Null(_claims.TryClaim("Torvalds", "bob"));
        Assert.Equal("alice", _claims.Holder("Linus")!.User);
        Assert.Equal("bob", _claims.Holder("Torvalds")!.User);
    }

    [Fact]
    public void Operator_CannotTakeOverAnActiveClaim()
    {
        _claims.TryClaim("Linus", "alice");
        _time.Advance(TimeSpan.FromMilliseconds(999));

        var result = _claims.TakeOver("Linus", "bob", immediate: false);

        Assert.False(result.Granted);
        Assert.Equal("alice", result.Holder!.User);
        Assert.Equal("alice", _claims.Holder("Linus")!.User);
    }

    [Fact]
    public void Operator_TakesOverAnIdleClaim()
    {
        _claims.TryClaim("Linus", "alice");
        _time.Advance(TimeSpan.FromSeconds(1));

        var result = _claims.TakeOver("Linus", "bob", immediate: false);

        Assert.True(result.Granted);
        Assert.Equal("alice", result.Holder!.User);
        Assert.Equal("bob", _claims.Holder("Linus")!.User);
        Assert.Equal("bob", _claims.TryClaim("Linus", "alice")!.User);
    }

    [Fact]
    public void Supervisor_TakesOverAnActiveClaimAtOnce()
    {
        _claims.TryClaim("Linus", "alice");

        var result = _claims.TakeOver("Linus", "sue", immediate: true);

        Assert.True(result.Granted);
        Assert.Equal("alice", result.Holder!.User);
        Assert.Equal("sue", _claims.Holder("Linus")!.User);
    }

    [Fact]
    public void TakeOver_OfAFreeOrOwnRobot_NamesNoPreviousHolder()
    {
        Assert.Null(_claims.TakeOver("Linus", "bob", immediate: false).Holder);
        Assert.True(_claims.TakeOver("Linus", "bob", immediate: false).Granted);
        Assert.Null(_claims.TakeOver("Linus", "bob", immediate: false).Holder);
    }

    [Fact]
    public async Task RacingUsers_OnlyOneGetsAFreeRobot()
    {
        var users = Enumerable.Range(0, 16).Select(i => $"user{i}").ToList();
        var refusals = await Task.WhenAll(users.Select(user => Task.Run(() => _claims.TryClaim("Linus", user))));

        Assert.Single(refusals, refusal => refusal is null);
        var holder = _claims.Holder("Linus")!.User;
        Assert.All(refusals.Where(r => r is not null), r => Assert.Equal(holder, r!.User));
    }
}
