using System.Net;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// Two console replicas share one session store (Redis): a session started on one is good on the other, and a
/// sign-out on either revokes it on both. A command on a session a replica already knows costs no Redis round trip:
/// counted by the real redis-server.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class ReplicaSessionTests(ScaleOutFixture system)
{
    /// <summary>What the console asks Redis for sessions and sign-in limits: none may run for a command.</summary>
    private static readonly string[] SessionCommands = ["get", "set", "setex", "psetex", "del", "unlink", "publish", "eval", "evalsha", "incr", "decr", "expire", "pexpire"];

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task SignedInThroughOneConsole_TheNextCommandThroughTheOtherWorks()
    {
        system.Require();
        using var browser = await ConsoleUser.SignedInAsync(system.ConsoleAddress(0), ScaleOutFixture.Supervisor);

        Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(1), "Linus", on: true));
        Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(0), "Linus", on: false));
    }

    [RequiresToolTheory(Tools.RedisServer, Tools.Nginx)]
    [InlineData(0)]
    [InlineData(1)]
    public async Task SignOutThroughEitherConsole_RevokesTheSessionOnBoth(int signOutOn)
    {
        system.Require();
        using var browser = await ConsoleUser.SignedInAsync(system.ConsoleAddress(1 - signOutOn), ScaleOutFixture.Supervisor);
        // Both replicas know the session (and keep it in their caches) before the sign-out.
        Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(0), "Linus", on: true));
        Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(1), "Linus", on: false));
        using var copy = browser.CopyOfCookies();

        await browser.SignOutAsync(system.ConsoleAddress(signOutOn));

        // The browser dropped its cookie; a copy taken before the sign-out is refused by both, at once.
        Assert.Equal(HttpStatusCode.Unauthorized, await copy.EyeAsync(system.ConsoleAddress(0), "Linus", on: true));
        Assert.Equal(HttpStatusCode.Unauthorized, await copy.EyeAsync(system.ConsoleAddress(1), "Linus", on: true));
    }

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task CommandsOnAKnownSession_AddNoRedisRoundTrip()
    {
        system.Require();
        using var browser = await ConsoleUser.SignedInAsync(system.ConsoleAddress(0), ScaleOutFixture.Supervisor);
        for (var console = 0; console < 2; console++)
        {
            Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(console), "Linus", on: true));
        }

        var before = await system.Redis.CommandCallsAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await browser.EyeAsync(system.ConsoleAddress(i % 2), "Linus", on: i % 2 == 0));
            Assert.Equal(HttpStatusCode.OK, await browser.PostAsync(system.ConsoleAddress(i % 2), "Linus/drive", new { direction = "stop" }));
        }

        var after = await system.Redis.CommandCallsAsync();

        var added = SessionCommands.Where(command => after.GetValueOrDefault(command) != before.GetValueOrDefault(command))
            .Select(command => $"{command}: {after.GetValueOrDefault(command) - before.GetValueOrDefault(command)}").ToList();
        Assert.True(added.Count == 0, $"40 commands on a known session ran Redis commands: {string.Join(", ", added)}");
    }
}
