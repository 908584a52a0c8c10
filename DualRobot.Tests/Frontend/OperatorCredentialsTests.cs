using Microsoft.AspNetCore.DataProtection;
using System.Net;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace DualRobot.Tests.Frontend;

/// <summary>The console's pure logic: who can sign in, how often, and what configuration it refuses.</summary>
[Trait(Tier.Name, Tier.Unit)]
public sealed class OperatorCredentialsTests
{
    [Fact]
    public void PlainPassword_SignsInItsUserOnly()
    {
        var credentials = Credentials(new OperatorOptions { Password = "correct horse battery" });

        Assert.True(credentials.Verify("operator", "correct horse battery"));
        Assert.False(credentials.Verify("operator", "correct horse batter"));
        Assert.False(credentials.Verify("operator", "Correct horse battery"));
        Assert.False(credentials.Verify("someone", "correct horse battery"));
        Assert.False(credentials.Verify("operator", ""));
        Assert.False(credentials.Verify(null, null));
    }

    [Fact]
    public void HashedUser_MadeByHashPassword_SignsIn()
    {
        var hash = OperatorCredentials.Hash("alice's long password");
        var credentials = Credentials(new OperatorOptions
        {
            Users = new(StringComparer.OrdinalIgnoreCase) { ["alice"] = new OperatorUser { PasswordHash = hash } },
        });

        Assert.True(PasswordHashFormat.IsReadable(hash));
        Assert.True(credentials.Verify("alice", "alice's long password"));
        Assert.True(credentials.Verify("Alice", "alice's long password"));
        Assert.False(credentials.Verify("alice", "alice's long passwore"));
        Assert.False(credentials.Verify("operator", "alice's long password"));
        Assert.Equal(["alice"], credentials.UserNames);
    }

    [Fact]
    public void NoCredential_NobodyCanSignIn()
    {
        var credentials = Credentials(new OperatorOptions());

        Assert.Empty(credentials.UserNames);
        Assert.False(credentials.Verify("operator", "anything at all"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Validator_RefusesAnUnreadableHash(string hash)
    {
        var result = new OperatorOptionsValidator().Validate(null, new OperatorOptions
        {
            Users = new(StringComparer.OrdinalIgnoreCase) { ["bob"] = new OperatorUser { PasswordHash = hash } },
        });

        Assert.True(result.Failed);
        Assert.Contains("Operators:Users:bob:PasswordHash", result.FailureMessage);
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Production", "short", true)]
    [InlineData("Production", "a-long-enough-api-key", false)]
    [InlineData("Development", null, false)]
    public void ControlOptions_RequireTheApiKeyInProduction(string environment, string? key, bool fails)
    {
        var validator = new ApiKeyOptionsValidator(new HostingEnvironment { EnvironmentName = environment });

        var result = validator.Validate(null, new ApiKeyOptions { ApiKey = key });

        Assert.Equal(fails, result.Failed);
    }

    [Fact]
    public async Task SignInThrottle_RefusesAttemptsOverTheLimit_PerAddress()
    {
        var throttle = new SignInThrottle(Options.Create(new OperatorOptions { SignInAttemptsPerMinute = 2 }),
            new KnownBrowsers(new EphemeralDataProtectionProvider()), new SignInWindows(TimeProvider.System));
        var first = Client("10.0.0.1");
        var second = Client("10.0.0.2");

        Assert.True(await throttle.TryAcquireAsync(first));
        Assert.True(await throttle.TryAcquireAsync(first));
        Assert.False(await throttle.TryAcquireAsync(first));
        Assert.True(await throttle.TryAcquireAsync(second));
    }

    private static OperatorCredentials Credentials(OperatorOptions options) => new(Options.Create(options));

    private static DefaultHttpContext Client(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }
}
