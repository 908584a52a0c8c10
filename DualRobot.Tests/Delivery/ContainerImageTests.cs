using System.Text.Json;

namespace DualRobot.Tests.Delivery;

/// <summary>The SDK container settings as MSBuild evaluates them (what <c>dotnet publish -t:PublishContainer</c> uses).</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class ContainerImageTests
{
    [Theory]
    [InlineData("DualRobot.Api/DualRobot.Api.csproj", "dualrobot-api")]
    [InlineData("DualRobot.Frontend/DualRobot.Frontend.csproj", "dualrobot-frontend")]
    public async Task Image_IsNonRoot_MultiArch_AndNamedForTheManifests(string project, string repository)
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            ["msbuild", project, "-getProperty:ContainerRepository", "-getProperty:ContainerUser",
             "-getProperty:ContainerRuntimeIdentifiers", "-getProperty:ContainerRegistry", "-getProperty:ContainerImageTags",
             "-getProperty:EnableSdkContainerSupport"],
            timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.ToString());
        var properties = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("Properties");
        string Get(string name) => properties.GetProperty(name).GetString() ?? "";

        Assert.Equal("true", Get("EnableSdkContainerSupport"), ignoreCase: true);
        Assert.Equal(repository, Get("ContainerRepository"));

        var user = Get("ContainerUser");
        Assert.False(string.IsNullOrEmpty(user), "ContainerUser must be set explicitly");
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });

        Assert.Equal(["linux-arm64", "linux-x64"],
            Get("ContainerRuntimeIdentifiers").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

        // Registry and tags come from the command line (CI sets them), so the csproj must not pin them.
        Assert.Equal("", Get("ContainerRegistry"));
        Assert.Equal("", Get("ContainerImageTags"));
    }

    [Fact]
    public void ContainerUser_IsTheUidTheOverlayRunsAs()
    {
        // Numeric so the kubelet can verify runAsNonRoot; the overlay's runAsUser must agree.
        foreach (var overlay in new[] { "api-deployment.yaml", "frontend-deployment.yaml" })
        {
            Assert.Contains("runAsUser: 1654", File.ReadAllText(RepositoryPaths.Combine("argocd", "overlays", "production", overlay)));
        }

        foreach (var project in new[] { "DualRobot.Api/DualRobot.Api.csproj", "DualRobot.Frontend/DualRobot.Frontend.csproj" })
        {
            Assert.Contains("<ContainerUser>1654</ContainerUser>", File.ReadAllText(RepositoryPaths.Combine(project.Split('/'))));
        }
    }
}
