using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;

namespace DualRobot.Tests.Delivery;

/// <summary>The AppHost's generated secrets are long enough for the checks the services make at start-up.</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class GeneratedSecretsTests(AspireManifestFixture fixture) : IClassFixture<AspireManifestFixture>
{
    [Theory]
    [InlineData("operator-password", OperatorOptions.MinPasswordLength)]
    [InlineData("api-key", ApiKeyOptionsValidator.MinApiKeyLength)]
    public void GeneratedParameter_IsAtLeastAsLongAsTheServicesRequire(string parameter, int required)
    {
        var generate = fixture.Manifest["resources"]![parameter]!["inputs"]!["value"]!["default"]!["generate"]!;

        Assert.True(generate["minLength"]!.GetValue<int>() >= required, $"{parameter}: {generate.ToJsonString()}");
    }
}
