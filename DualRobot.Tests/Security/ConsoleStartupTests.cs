using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>Issue 16, finding 7: what the documentation promises about the console's start, held.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleStartupTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_WithoutAnApiKey_OutsideDevelopment_IsRefused_NamingTheSetting(string environment)
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?>(), environment);

        var failure = Assert.ThrowsAny<Exception>(() => frontend.CreateClient());

        Assert.Contains("Control:ApiKey", failure.ToString());
    }

    [Fact]
    public async Task Start_WithAnOperatorPasswordShorterThan12Characters_IsRefused_NamingTheSetting()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["Operators:Password"] = "eleven-char" });

        var failure = Assert.ThrowsAny<Exception>(() => frontend.CreateClient());

        Assert.Contains("Operators:Password", failure.ToString());
    }

    [Fact]
    public async Task Start_WithA12CharacterOperatorPassword_Succeeds()
    {
        await using var frontend = new FrontendFactory(new Dictionary<string, string?> { ["Operators:Password"] = "twelve-chars" });

        using var client = frontend.CreateClient();
        using var response = await client.GetAsync("/Account/SignIn");

        Assert.True(response.IsSuccessStatusCode);
    }
}
