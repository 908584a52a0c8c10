using System.Net;

namespace DualRobot.Tests.AppHost;

[Collection(AppHostCollection.Name)]
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class AppHostStartupTests(AppHostFixture fixture)
{
    [Fact]
    public async Task Frontend_HomePage_Returns200()
    {
        using var client = fixture.CreateHttpClient("frontend");

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dual Robot", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("api", "/health")]
    [InlineData("api", "/alive")]
    [InlineData("frontend", "/health")]
    [InlineData("frontend", "/alive")]
    public async Task HealthEndpoints_Return200(string resource, string path)
    {
        using var client = fixture.CreateHttpClient(resource);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync());
    }
}
