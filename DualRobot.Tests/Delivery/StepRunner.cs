using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// Runs a workflow step's <c>run:</c> script the way a GitHub runner does (<c>bash --noprofile --norc -eo pipefail</c>,
/// in the repository, with the step's <c>env</c> evaluated and <c>$GITHUB_OUTPUT</c> read back), for a job's
/// <c>env</c>. <c>dotnet publish</c> is recorded instead of run (<see cref="RecordedPublish"/>); every other dotnet
/// command is the real one.
/// </summary>
public sealed class StepRunner : IDisposable
{
    private const string DotnetStandIn = """
        #!/usr/bin/env bash
        if [ "$1" = publish ]; then printf '%s\n' "$@" > "$RECORDED_PUBLISH"; exit 0; fi
        exec "$REAL_DOTNET" "$@"
        """;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dualrobot-step-");
    private readonly IReadOnlyDictionary<string, string> _jobEnvironment;

    public StepRunner(IReadOnlyDictionary<string, string> jobEnvironment)
    {
        _jobEnvironment = jobEnvironment;
        var standIn = Path.Combine(_directory.FullName, "dotnet");
        File.WriteAllText(standIn, DotnetStandIn.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The arguments of the last <c>dotnet publish</c> a step ran.</summary>
    public IReadOnlyList<string> RecordedPublish => File.ReadAllLines(Path.Combine(_directory.FullName, "publish"));

    /// <summary>Runs the step; returns what it wrote to <c>$GITHUB_OUTPUT</c>.</summary>
    public Dictionary<string, string> Run(YamlMappingNode step, IReadOnlyDictionary<string, object?> context)
    {
        var output = Path.Combine(_directory.FullName, "output");
        File.WriteAllText(output, "");
        var environment = new Dictionary<string, string?>(_jobEnvironment.ToDictionary(e => e.Key, e => (string?)e.Value))
        {
            ["GITHUB_OUTPUT"] = output,
            ["RECORDED_PUBLISH"] = Path.Combine(_directory.FullName, "publish"),
            ["REAL_DOTNET"] = RealDotnet(),
            ["PATH"] = $"{_directory.FullName}:{Environment.GetEnvironmentVariable("PATH")}",
        };
        foreach (var (key, value) in WorkflowJob.Map(Kustomize.Path(step, "env")))
        {
            environment[key] = GitHubExpression.Expand(value, context);
        }

        var script = Path.Combine(_directory.FullName, "step.sh");
        File.WriteAllText(script, Kustomize.Scalar(step, "run"));
        var result = ProcessRunner.Run("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], environment, TimeSpan.FromMinutes(2), RepositoryPaths.Root);
        Assert.True(result.ExitCode == 0, $"step '{Kustomize.Scalar(step, "name")}': {result}");
        return File.ReadAllLines(output).Select(line => line.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>The dotnet on PATH (what a step would run without the stand-in).</summary>
    private static string RealDotnet() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "dotnet"))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("dotnet is not on PATH");
}
