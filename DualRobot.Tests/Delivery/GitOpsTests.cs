using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The GitOps loop: after containers.yml has published the images of a push to main, its job <c>deploy</c> writes their
/// sha tag into the production overlay and pushes that commit, which Argo CD then syncs.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class GitOpsTests
{
    private static readonly Lazy<YamlMappingNode> Workflow = new(() =>
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Combine(".github", "workflows", "containers.yml"))));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    });

    private static YamlMappingNode Job(string name) => (YamlMappingNode)Kustomize.Path(Workflow.Value, "jobs", name)!;

    private static string Script(YamlMappingNode job) => string.Join('\n',
        ((YamlSequenceNode)Kustomize.Path(job, "steps")!).Children.Cast<YamlMappingNode>().Select(s => Kustomize.Scalar(s, "run") ?? ""));

    [Fact]
    public void Deploy_RunsOnlyForMain_AfterBothImagesArePublished_WithWriteAccessOnlyThere()
    {
        var deploy = Job("deploy");
        Assert.Equal("publish", Kustomize.Scalar(deploy, "needs"));
        Assert.Equal("github.ref == 'refs/heads/main'", Kustomize.Scalar(deploy, "if"));
        Assert.Equal("write", Kustomize.Scalar((YamlMappingNode)Kustomize.Path(deploy, "permissions")!, "contents"));

        // Nothing else may write: the workflow grants nothing by default, publish only packages.
        Assert.Empty(Assert.IsType<YamlMappingNode>(Kustomize.Path(Workflow.Value, "permissions")).Children);
        var publish = (YamlMappingNode)Kustomize.Path(Job("publish"), "permissions")!;
        Assert.Equal("read", Kustomize.Scalar(publish, "contents"));
        Assert.Equal("write", Kustomize.Scalar(publish, "packages"));

        // Runs for one ref queue in push order, so an older deploy never lands after a newer one.
        Assert.Equal("false", Kustomize.Scalar((YamlMappingNode)Kustomize.Path(Workflow.Value, "concurrency")!, "cancel-in-progress"));
    }

    [Fact]
    public void Deploy_PinsTheTagPublishJustPushed_OnTheImagesTheOverlayDeploys()
    {
        var script = Script(Job("deploy"));
        var publishTags = Script(Job("publish"));
        // The tag publish pushes for main and the tag deploy writes are spelled the same way.
        Assert.Contains("tags=\"sha-${SHA::7};latest\"", publishTags);
        Assert.Contains("tag=\"sha-${SHA::7}\"", script);

        var setImage = SetImage().Matches(script).Select(m => (Name: m.Groups["name"].Value, Repository: m.Groups["repository"].Value)).ToList();
        Assert.Equal(["ghcr.io/dualrobot/dualrobot-api", "ghcr.io/dualrobot/dualrobot-frontend"], setImage.Select(s => s.Name));
        Assert.Equal(["dualrobot-api", "dualrobot-frontend"], setImage.Select(s => s.Repository));
        Assert.Contains("cd \"$OVERLAY\"", script);
        Assert.Equal("argocd/overlays/production", Kustomize.Scalar((YamlMappingNode)Kustomize.Path(Job("deploy"), "env")!, "OVERLAY"));

        // The names it rewrites are exactly the images the overlay's `images:` pins (and Aspirate writes).
        var overlay = new YamlStream();
        overlay.Load(new StringReader(File.ReadAllText(RepositoryPaths.Combine("argocd", "overlays", "production", "kustomization.yaml"))));
        var images = ((YamlSequenceNode)Kustomize.Path(overlay.Documents.Single().RootNode, "images")!).Children.Cast<YamlMappingNode>().ToList();
        Assert.Equal(setImage.Select(s => s.Name), images.Select(i => Kustomize.Scalar(i, "name")));
        Assert.All(images, i => Assert.Matches("^sha-[0-9a-f]{7,40}$", Kustomize.Scalar(i, "newTag") ?? Kustomize.Scalar(i, "digest")));
        foreach (var name in setImage.Select(s => s.Name))
        {
            Assert.Contains($"image: {name}:", File.ReadAllText(RepositoryPaths.Combine("aspirate-output", name.Split('-')[^1], "deployment.yaml")));
        }
    }

    [Fact]
    public void DeployCommit_TriggersNoFurtherRuns()
    {
        var script = Script(Job("deploy"));
        // [skip ci] keeps ci.yml and containers.yml (both `on: push`) from running for the bot's own commit (GitHub
        // already starts no workflow for pushes made with GITHUB_TOKEN; this holds if a token is swapped in).
        var commit = Assert.Single(script.Split('\n'), l => l.Contains("git commit", StringComparison.Ordinal));
        Assert.Contains("[skip ci]", commit);
        // No empty commits when the overlay already deploys this tag.
        Assert.Contains("git diff --quiet", script);
        Assert.Contains("git push", script);
    }

    [GeneratedRegex("\"(?<name>ghcr\\.io/dualrobot/[a-z-]+)=\\$\\{REGISTRY\\}/(?<repository>[a-z-]+):\\$\\{tag\\}\"")]
    private static partial Regex SetImage();
}
