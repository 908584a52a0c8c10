namespace DualRobot.Tests.Delivery;

/// <summary>
/// Deploys only from green: no job that publishes an image or writes the repository can run unless every test job
/// of the same run, for the same commit, passed; main's test runs are never cancelled. Read from the workflows
/// themselves, with their conditions evaluated for each kind of event.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class WorkflowGateTests
{
    private static readonly string CiPath = RepositoryPaths.Combine(".github", "workflows", "ci.yml");
    private static readonly string[] StatusFunctions = ["always()", "failure()", "cancelled()"];

    [Fact]
    public void PublishAndDeploy_RunOnlyAfterEveryTestJobOfTheirCommitPassed()
    {
        var workflows = Workflow.All();

        Assert.Equal(["publish", "deploy"], workflows.SelectMany(ReleaseJobs).Select(j => j.Name)); // something to guard, all in ci.yml
        Assert.All(workflows, workflow => Assert.Empty(Findings(workflow)));
    }

    [Theory]
    [InlineData("    needs: publish\n", "", "deploy can run without build-and-test")]
    [InlineData("needs: [build-and-test, aspirate-sync]", "needs: [aspirate-sync]", "publish can run without build-and-test")]
    [InlineData("if: github.event_name == 'push' && (github.ref", "if: always() && github.event_name == 'push' && (github.ref", "publish runs even when a job it needs failed")]
    [InlineData("        run: bash .ci/test\n", "        run: bash .ci/test\n        continue-on-error: true\n", "build-and-test may fail without failing")]
    public void TheCheck_CatchesAJobThatCouldReleaseWithoutTheTests(string original, string broken, string finding)
    {
        var text = File.ReadAllText(CiPath);
        Assert.Contains(original, text);

        var findings = Findings(Workflow.Parse("broken.yml", text.Replace(original, broken, StringComparison.Ordinal)));

        Assert.Contains(finding, findings);
    }

    [Fact]
    public void TheCheck_CatchesAWorkflowThatPublishesWithNoTestsAtAll()
    {
        var findings = Findings(Workflow.Parse("containers.yml", """
            on: push
            jobs:
              publish:
                runs-on: ubuntu-latest
                steps:
                  - run: dotnet publish x.csproj -t:PublishContainer
            """));

        Assert.Contains("publish can run without any test job", findings);
    }

    [Theory]
    [InlineData("push", "refs/heads/main", "branch", true, true)]
    [InlineData("push", "refs/tags/v1.2.3", "tag", true, false)]
    [InlineData("push", "refs/heads/feature", "branch", false, false)]
    [InlineData("pull_request", "refs/pull/7/merge", "branch", false, false)]
    public void Publish_IsForPushesToMainAndVersionTags_Deploy_ForMainOnly(string eventName, string gitRef, string refType, bool publishes, bool deploys)
    {
        var ci = Workflow.Load(CiPath);
        var context = Context(eventName, gitRef, refType, runId: "1");

        Assert.Equal(publishes, GitHubExpression.Condition(ci.Jobs["publish"].If!, context));
        Assert.Equal(deploys, GitHubExpression.Condition(ci.Jobs["deploy"].If!, context));
    }

    [Theory]
    [InlineData("refs/heads/main", "branch", false)]
    [InlineData("refs/tags/v1.2.3", "tag", false)]
    [InlineData("refs/heads/feature", "branch", true)]
    [InlineData("refs/pull/7/merge", "branch", true)]
    public void ANewerRun_CancelsAnOlderOne_OnlyOutsideMainAndTags(string gitRef, string refType, bool cancels)
    {
        var concurrency = (YamlDotNet.RepresentationModel.YamlMappingNode)Kustomize.Path(Workflow.Load(CiPath).Root, "concurrency")!;
        var group = Kustomize.Scalar(concurrency, "group")!;

        var older = GitHubExpression.Expand(group, Context("push", gitRef, refType, runId: "100"));
        var newer = GitHubExpression.Expand(group, Context("push", gitRef, refType, runId: "101"));

        Assert.Equal("true", Kustomize.Scalar(concurrency, "cancel-in-progress"));
        Assert.Equal(cancels, older == newer); // only runs in one group cancel each other
    }

    [Fact]
    public void Deploys_QueueOneAtATime_WithoutCancellingARunningOne()
    {
        var concurrency = (YamlDotNet.RepresentationModel.YamlMappingNode)Kustomize.Path(Workflow.Load(CiPath).Jobs["deploy"].Node, "concurrency")!;
        Assert.Equal("deploy-production", Kustomize.Scalar(concurrency, "group"));
        Assert.Equal("false", Kustomize.Scalar(concurrency, "cancel-in-progress"));
    }

    internal static Dictionary<string, object?> Context(string eventName, string gitRef, string refType, string runId) => new()
    {
        ["github.event_name"] = eventName,
        ["github.ref"] = gitRef,
        ["github.ref_type"] = refType,
        ["github.run_id"] = runId,
        ["github.repository_owner"] = "DualRobot",
    };

    /// <summary>Jobs that publish images, deploy, or may write the repository or the packages.</summary>
    private static IEnumerable<WorkflowJob> ReleaseJobs(Workflow workflow) =>
        workflow.Jobs.Values.Where(job =>
            job.Scripts.Contains("PublishContainer", StringComparison.Ordinal)
            || job.Scripts.Contains("deploy.sh", StringComparison.Ordinal)
            || job.Scripts.Contains("git push", StringComparison.Ordinal)
            || job.Scripts.Contains("docker push", StringComparison.Ordinal)
            || job.Permissions.Any(p => p.Key is "contents" or "packages" && p.Value == "write"));

    private static bool IsTestJob(WorkflowJob job) =>
        job.Scripts.Contains(".ci/test", StringComparison.Ordinal) || job.Scripts.Contains("dotnet test", StringComparison.Ordinal);

    /// <summary>Every way a release job of <paramref name="workflow"/> could run without all of its tests passing.</summary>
    private static List<string> Findings(Workflow workflow)
    {
        var findings = new List<string>();
        var tests = workflow.Jobs.Values.Where(IsTestJob).ToList();
        foreach (var test in tests)
        {
            if (Kustomize.Scalar(test.Node, "continue-on-error") is not (null or "false")
                || test.Steps.Any(step => Kustomize.Scalar(step, "continue-on-error") is not (null or "false")))
            {
                findings.Add($"{test.Name} may fail without failing");
            }
        }

        foreach (var release in ReleaseJobs(workflow))
        {
            if (tests.Count == 0)
            {
                findings.Add($"{release.Name} can run without any test job");
            }

            var needed = workflow.NeedsClosure(release.Name);
            findings.AddRange(tests.Where(test => !needed.Contains(test.Name)).Select(test => $"{release.Name} can run without {test.Name}"));

            // A status function in the condition of the job or of any job it waits for lets it run after a failure.
            foreach (var job in needed.Select(n => workflow.Jobs[n]).Append(release))
            {
                if (StatusFunctions.Any(f => job.If?.Contains(f, StringComparison.OrdinalIgnoreCase) == true))
                {
                    findings.Add($"{job.Name} runs even when a job it needs failed");
                }
            }
        }

        return findings;
    }
}
