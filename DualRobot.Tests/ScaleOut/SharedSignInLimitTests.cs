using System.Net;

namespace DualRobot.Tests.ScaleOut;

/// <summary>
/// The sign-in limits are counted in Redis, so two replicas give a guesser no more attempts than one: wrong passwords
/// spread over both consoles meet one limit per address and one per account.
/// </summary>
[Collection(ScaleOutCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class SharedSignInLimitTests(ScaleOutFixture system)
{
    private const int Guesses = 20;

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task TwentyWrongPasswords_FromOneAddress_OverBothConsoles_MeetOneAddressLimit()
    {
        system.Require();
        using var guesser = ConsoleUser.Create();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Guesses; i++)
        {
            // A name of its own per guess: only the address limit can stop them.
            answers.Add(await guesser.SignInAsync(system.ConsoleAddress(i % 2), $"guess-{Guid.NewGuid():N}", "wrong password"));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, ScaleOutFixture.AttemptsPerAddress)
            .Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Guesses - ScaleOutFixture.AttemptsPerAddress)), answers);
    }

    [RequiresToolFact(Tools.RedisServer, Tools.Nginx)]
    public async Task TwentyWrongPasswords_ForOneAccount_FromManyAddresses_OverBothConsoles_MeetOneAccountLimit()
    {
        system.Require();
        var account = $"victim-{Guid.NewGuid():N}";

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < Guesses; i++)
        {
            // A fresh address per guess: only the account limit can stop them.
            using var guesser = ConsoleUser.Create();
            answers.Add(await guesser.SignInAsync(system.ConsoleAddress(i % 2), account, "wrong password"));
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, ScaleOutFixture.FailuresPerAccount)
            .Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, Guesses - ScaleOutFixture.FailuresPerAccount)), answers);
    }
}
