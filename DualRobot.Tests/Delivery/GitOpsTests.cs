namespace DualRobot.Tests.Delivery;

/// <summary>
/// The GitOps loop: after ci.yml has tested a commit of main and published its images, the job <c>deploy</c>
/// (<c>.ci/deploy.sh</c>) pins them in the production overlay and pushes that commit, which Argo CD then syncs.
/// The script runs for real against a throwaway repository (<see cref="DeployRehearsal"/>).
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class GitOpsTests
{
    private static readonly Workflow Ci = Workflow.Load(RepositoryPaths.Combine(".github", "workflows", "ci.yml"));

    [Fact]
    public void Deploy_PinsTheImagesOfItsCommit_AndPushesOneCommitToMain_ThatStartsNoRun()
    {
        using var repository = new DeployRehearsal();

        var deploy = repository.Run(repository.Feature, "ghcr.io", "DualRobot");

        Assert.True(deploy.Script.ExitCode == 0, deploy.Script.ToString());
        var tag = $"sha-{repository.Feature[..7]}";
        Assert.Equal(
            [$"ghcr.io/dualrobot/dualrobot-api=ghcr.io/dualrobot/dualrobot-api:{tag}", $"ghcr.io/dualrobot/dualrobot-frontend=ghcr.io/dualrobot/dualrobot-frontend:{tag}"],
            deploy.SetImage);
        // One commit on top of main; [skip ci] keeps ci.yml from running for it should a token other than
        // GITHUB_TOKEN (whose pushes start no workflow) ever be used.
        Assert.Equal([$"Deploy {tag} to production [skip ci]", "feature", "base"], deploy.MainLog);
        Assert.Contains($"newTag: {tag}", deploy.Images);
        Assert.DoesNotContain("sha-8f042bb", deploy.Images);
    }

    [Fact]
    public void Deploy_ForACommitProductionAlreadyContains_ChangesNothing()
    {
        // A deploy that runs late (its commit's tests finished after a newer commit's) must not move production back.
        using var repository = new DeployRehearsal(featureAlreadyDeployed: true);

        foreach (var older in new[] { repository.Base, repository.Feature })
        {
            var deploy = repository.Run(older, "ghcr.io", "dualrobot");

            Assert.True(deploy.Script.ExitCode == 0, deploy.Script.ToString());
            Assert.Contains("nothing to do", deploy.Script.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(deploy.SetImage);
            Assert.Equal($"Deploy sha-{repository.Feature[..7]} to production [skip ci]", deploy.MainLog[0]);
            Assert.Equal(3, deploy.MainLog.Count);
        }
    }

    [Fact]
    public void OnlyDeployMayWriteTheRepository_AndOnlyPublishThePackages()
    {
        Assert.Equal(new Dictionary<string, string> { ["contents"] = "read" }, WorkflowJob.Map(Kustomize.Path(Ci.Root, "permissions")));
        foreach (var (name, job) in Ci.Jobs)
        {
            var expected = name switch
            {
                "deploy" => new Dictionary<string, string> { ["contents"] = "write" },
                "publish" => new Dictionary<string, string> { ["contents"] = "read", ["packages"] = "write" },
                _ => new Dictionary<string, string>(), // the workflow's contents: read
            };
            Assert.Equal(expected, job.Permissions);
        }

        Assert.Contains("bash .ci/deploy.sh", Ci.Jobs["deploy"].Scripts);
        // The deploy job reads history to tell an older commit from a newer one.
        Assert.Equal("0", Kustomize.Scalar((YamlDotNet.RepresentationModel.YamlMappingNode)Kustomize.Path(Ci.Jobs["deploy"].Steps[0], "with")!, "fetch-depth"));
    }
}
