using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// Publishes the AppHost's Aspire manifest once per test class, exactly as the README's command does
/// (<c>dotnet run --project DualRobot.AppHost -- --publisher manifest --output-path …</c>), with <c>--no-build</c>
/// because building the test project already built the AppHost, then computes what Aspirate would generate from it.
/// </summary>
public sealed class AspireManifestFixture : IDisposable
{
    private readonly string tempDirectory = Directory.CreateTempSubdirectory("dualrobot-manifest-").FullName;

    public AspireManifestFixture()
    {
        ManifestPath = Path.Combine(tempDirectory, "manifest.json");
        var configuration = typeof(AspireManifestFixture).Assembly
            .GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        var result = ProcessRunner.Run("dotnet",
            ["run", "--project", RepositoryPaths.Combine("DualRobot.AppHost", "DualRobot.AppHost.csproj"),
             "--no-build", "--configuration", configuration,
             "--", "--publisher", "manifest", "--output-path", ManifestPath],
            timeout: TimeSpan.FromMinutes(3),
            workingDirectory: RepositoryPaths.Root,
            environment: new Dictionary<string, string?>
            {
                // The committed folder assumes the default (Auto: no observability containers when publishing).
                ["ObservabilityContainers"] = null,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            });
        if (result.ExitCode != 0 || !File.Exists(ManifestPath))
        {
            throw new InvalidOperationException($"the AppHost's manifest publisher failed: {result}");
        }

        Manifest = JsonNode.Parse(File.ReadAllText(ManifestPath))!.AsObject();
        Expected = new AspirateGenerator(AspirateOptions.Committed, ReadContainerProperties)
            .Generate(Manifest, tempDirectory);
    }

    public string ManifestPath { get; }

    public JsonObject Manifest { get; }

    /// <summary>aspirate-output as Aspirate would write it for the current manifest: relative path → content.</summary>
    public SortedDictionary<string, string> Expected { get; }

    /// <summary>What Aspirate asks MSBuild for each project (evaluation-time values).</summary>
    public static ContainerProperties ReadContainerProperties(string csproj)
    {
        var result = ProcessRunner.Run("dotnet",
            ["msbuild", csproj, "-getProperty:ContainerRegistry", "-getProperty:ContainerRepository",
             "-getProperty:ContainerImageName", "-getProperty:ContainerImageTag"],
            timeout: TimeSpan.FromMinutes(2), workingDirectory: RepositoryPaths.Root);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet msbuild -getProperty failed for {csproj}: {result}");
        }

        var properties = JsonDocument.Parse(result.StandardOutput).RootElement.GetProperty("Properties");
        string Get(string name) => properties.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
        return new ContainerProperties(Get("ContainerRegistry"), Get("ContainerRepository"), Get("ContainerImageName"), Get("ContainerImageTag"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(tempDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }
}
