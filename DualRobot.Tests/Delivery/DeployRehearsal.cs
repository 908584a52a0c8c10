namespace DualRobot.Tests.Delivery;

/// <summary>
/// The deploy job's script (<c>.ci/deploy.sh</c>) run for real against a throwaway repository: a bare "origin" whose
/// main holds the files the script reads, and a clone of it as the job's checkout. <c>kustomize</c> is not installed
/// here, so a stand-in records the arguments of <c>kustomize edit set image</c> and writes the images as it would.
/// History of main: <see cref="Base"/>, then <see cref="Feature"/>, then (optionally) a deploy commit pinning Feature.
/// </summary>
public sealed class DeployRehearsal : IDisposable
{
    private const string ImagesFile = "argocd/overlays/production/images/kustomization.yaml";

    private static readonly string[] Files =
    [
        ".ci/deploy.sh", ".ci/container-image.sh", "DualRobot.Api/DualRobot.Api.csproj",
        "DualRobot.Frontend/DualRobot.Frontend.csproj", ImagesFile,
    ];

    /// <summary>Records its arguments (one a line) and rewrites the images as <c>kustomize edit set image</c> does.</summary>
    private const string KustomizeStandIn = """
        #!/usr/bin/env bash
        set -euo pipefail
        [ "$1 $2 $3" = "edit set image" ] || { echo "kustomize stand-in: unexpected $*" >&2; exit 2; }
        shift 3
        printf '%s\n' "$@" >> "$KUSTOMIZE_ARGS"
        {
          sed '/^images:/,$d' kustomization.yaml
          echo "images:"
          for mapping in "$@"; do
            reference="${mapping#*=}"
            printf -- '- name: %s\n  newName: %s\n  newTag: %s\n' "${mapping%%=*}" "${reference%:*}" "${reference##*:}"
          done
        } > kustomization.yaml.new
        mv kustomization.yaml.new kustomization.yaml
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dualrobot-deploy-");

    public DeployRehearsal(bool featureAlreadyDeployed = false)
    {
        var seed = Directory.CreateDirectory(Path.Combine(_root.FullName, "seed")).FullName;
        foreach (var file in Files)
        {
            var target = Path.Combine(seed, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(RepositoryPaths.Combine(file.Split('/')), target);
        }

        Git(seed, "init", "--quiet", "--initial-branch=main");
        Base = Commit(seed, "base");
        File.WriteAllText(Path.Combine(seed, "feature.txt"), "a change of main");
        Feature = Commit(seed, "feature");
        if (featureAlreadyDeployed)
        {
            var images = Path.Combine(seed, ImagesFile);
            File.WriteAllText(images, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(images), "newTag: sha-[0-9a-f]+", $"newTag: sha-{Feature[..7]}"));
            Commit(seed, $"Deploy sha-{Feature[..7]} to production [skip ci]");
        }

        Git(_root.FullName, "clone", "--quiet", "--bare", seed, Origin);
        Git(_root.FullName, "clone", "--quiet", Origin, Checkout);

        var bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "kustomize"), KustomizeStandIn.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bin, "kustomize"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Base { get; }

    public string Feature { get; }

    private string Origin => Path.Combine(_root.FullName, "origin.git");

    private string Checkout => Path.Combine(_root.FullName, "checkout");

    private string ArgumentsFile => Path.Combine(_root.FullName, "kustomize-args");

    /// <summary>Runs the script as the job does, for commit <paramref name="sha"/>, with the workflow's REGISTRY and OWNER.</summary>
    public DeployResult Run(string sha, string registry, string owner)
    {
        var result = ProcessRunner.Run("bash", [".ci/deploy.sh"], new Dictionary<string, string?>
        {
            ["SHA"] = sha,
            ["REGISTRY"] = registry,
            ["OWNER"] = owner,
            ["KUSTOMIZE_ARGS"] = ArgumentsFile,
            ["PATH"] = $"{Path.Combine(_root.FullName, "bin")}:{Environment.GetEnvironmentVariable("PATH")}",
        }, TimeSpan.FromMinutes(1), Checkout);
        var arguments = File.Exists(ArgumentsFile) ? File.ReadAllLines(ArgumentsFile).ToList() : [];
        return new DeployResult(result, arguments, Git(Origin, "log", "--format=%s", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Git(Origin, "show", $"main:{ImagesFile}"));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string Commit(string repository, string message)
    {
        Git(repository, "add", "--all");
        Git(repository, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "-m", message);
        return Git(repository, "rev-parse", "HEAD").Trim();
    }

    private static string Git(string directory, params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, timeout: TimeSpan.FromMinutes(1), workingDirectory: directory);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', arguments)}: {result}");
        return result.StandardOutput;
    }
}

/// <param name="Script">The script's exit code and output.</param>
/// <param name="SetImage">The arguments of <c>kustomize edit set image</c>: <c>name=newName:newTag</c>, one each.</param>
/// <param name="MainLog">Commit subjects on origin's main, newest first.</param>
/// <param name="Images">The images file on origin's main.</param>
public sealed record DeployResult(ProcessResult Script, IReadOnlyList<string> SetImage, IReadOnlyList<string> MainLog, string Images);
