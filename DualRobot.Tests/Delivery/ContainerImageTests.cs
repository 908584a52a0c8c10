using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>The SDK container settings as MSBuild evaluates them (what <c>dotnet publish -t:PublishContainer</c> uses).</summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class ContainerImageTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>
    /// The names CI publishes under are the ones production runs: the publish job's own steps run with the workflow's
    /// values for a push to main (GitHub reports the owner as spelled, here mixed case), the SDK's own
    /// ComputeContainerConfig (offline) computes the image names from the arguments it passes, and those equal the
    /// deploy job's <c>kustomize edit set image</c> arguments and the overlay's <c>images:</c>.
    /// </summary>
    [Theory]
    [InlineData("DualRobot.Api/DualRobot.Api.csproj", "dualrobot-api")]
    [InlineData("DualRobot.Frontend/DualRobot.Frontend.csproj", "dualrobot-frontend")]
    public async Task PublishedImages_AreTheOnesTheDeployJobAndTheOverlayPin(string project, string repository)
    {
        var ci = Workflow.Load(RepositoryPaths.Combine(".github", "workflows", "ci.yml"));
        var context = WorkflowGateTests.Context("push", "refs/heads/main", "branch", runId: "1");
        context["github.ref_name"] = "main";
        context["github.sha"] = Sha;
        context["matrix.project"] = project;
        var registry = GitHubExpression.Expand(ci.Env["REGISTRY"], context);
        var owner = GitHubExpression.Expand(ci.Env["OWNER"], context);
        Assert.Equal(("ghcr.io", "DualRobot"), (registry, owner)); // no repository variables: GitHub's registry, the repository's owner

        using var job = new StepRunner(new Dictionary<string, string> { ["REGISTRY"] = registry, ["OWNER"] = owner });
        foreach (var (key, value) in job.Run(ci.Jobs["publish"].Step("Name the image and its tags"), context))
        {
            context[$"steps.image.outputs.{key}"] = value;
        }

        job.Run(ci.Jobs["publish"].Step("Publish the image (linux-x64 + linux-arm64 from ContainerRuntimeIdentifiers)"), context);
        var publish = job.RecordedPublish;
        Assert.Equal(["publish", project, "-t:PublishContainer"], publish.Take(3));

        var published = await ComputedImageNamesAsync(project, publish.Where(a => a.StartsWith("-p:", StringComparison.Ordinal)));
        Assert.Equal([$"ghcr.io/dualrobot/{repository}:sha-0123456", $"ghcr.io/dualrobot/{repository}:latest"], published);

        // The deploy job, for the same commit, pins exactly the sha image ...
        using var rehearsal = new DeployRehearsal();
        var deploy = rehearsal.Run(Sha, registry, owner);
        Assert.Contains($"ghcr.io/dualrobot/{repository}={published[0]}", deploy.SetImage);

        // ... under the name the committed overlay pins (its tag is the last deployed commit's).
        var pin = OverlayImages().Single(i => Kustomize.Scalar(i, "name") == $"ghcr.io/dualrobot/{repository}");
        Assert.Equal(published[0].Split(':')[0], Kustomize.Scalar(pin, "newName"));
        Assert.Matches(ShaTag(), Kustomize.Scalar(pin, "newTag")!);
    }

    [Fact]
    public async Task RegistryWithAnOwnerPath_IsRefusedByTheSdk_SoRegistryAndOwnerAreSeparate()
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            ["msbuild", "DualRobot.Api/DualRobot.Api.csproj", "-t:ComputeContainerConfig", "-p:ContainerRegistry=ghcr.io/dualrobot"],
            timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Root);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("CONTAINER2012", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Full image names (<c>registry/repository:tag</c>) the SDK computes for <paramref name="project"/> with these properties.</summary>
    private static async Task<List<string>> ComputedImageNamesAsync(string project, IEnumerable<string> properties)
    {
        var result = await ProcessRunner.RunAsync("dotnet",
            ["msbuild", project, "-t:ComputeContainerConfig", .. properties,
             "-getProperty:ContainerRegistry", "-getProperty:ContainerRepository", "-getItem:ContainerImageTags"],
            timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, result.ToString());
        using var computed = JsonDocument.Parse(result.StandardOutput);
        var name = $"{computed.RootElement.GetProperty("Properties").GetProperty("ContainerRegistry").GetString()}/" +
                   computed.RootElement.GetProperty("Properties").GetProperty("ContainerRepository").GetString();
        return computed.RootElement.GetProperty("Items").GetProperty("ContainerImageTags").EnumerateArray()
            .Select(tag => $"{name}:{tag.GetProperty("Identity").GetString()}").ToList();
    }

    private static List<YamlMappingNode> OverlayImages()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Combine("argocd", "overlays", "production", "images", "kustomization.yaml"))));
        return ((YamlSequenceNode)Kustomize.Path(stream.Documents.Single().RootNode, "images")!).Children.Cast<YamlMappingNode>().ToList();
    }

    [GeneratedRegex("^sha-[0-9a-f]{7}$")]
    private static partial Regex ShaTag();

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
