using System.Text;
using Xunit.Abstractions;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// aspirate-output/ must be exactly what Aspirate would generate from the AppHost's current manifest.
/// On drift, run the tests with <c>UPDATE_ASPIRATE_OUTPUT=1</c> to rewrite the folder, then review and commit it.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed class AspirateOutputDriftTests(AspireManifestFixture fixture, ITestOutputHelper output)
    : IClassFixture<AspireManifestFixture>
{
    private const string UpdateVariable = "UPDATE_ASPIRATE_OUTPUT";
    private static readonly string OutputFolder = RepositoryPaths.Combine("aspirate-output");

    [Fact]
    public void Manifest_HasOnlyTheDeployableAppResources()
    {
        var deployable = fixture.Manifest["resources"]!.AsObject()
            .Where(r => ((string?)r.Value!["type"])?.StartsWith("project.", StringComparison.Ordinal) == true
                || ((string?)r.Value!["type"])?.StartsWith("container.", StringComparison.Ordinal) == true)
            .Select(r => r.Key);

        // Observability containers stay out of published manifests: the cluster brings its own stack.
        Assert.Equal(["api", "frontend"], deployable);
    }

    [Fact]
    public void PublishedEnvironment_CarriesNoSecrets()
    {
        foreach (var (name, resource) in fixture.Manifest["resources"]!.AsObject())
        {
            foreach (var (key, _) in resource!["env"]?.AsObject() ?? [])
            {
                Assert.DoesNotContain(key, new[] { "Control__ApiKey", "Operators__Password" });
                Assert.DoesNotMatch("(?i)password|secret|apikey", key);
            }

            Assert.NotNull(name);
        }
    }

    [Fact]
    public void AspirateOutput_MatchesTheManifest_ByteForByte()
    {
        var expected = fixture.Expected;
        var actual = ReadFolder(OutputFolder);
        var drift = Describe(expected, actual);
        if (drift.Length == 0)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(OutputFolder))
            {
                Directory.Delete(OutputFolder, recursive: true); // Aspirate never cleans stale files; we do
            }

            foreach (var (path, content) in expected)
            {
                var file = Path.Combine(OutputFolder, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, Encoding.UTF8.GetBytes(content));
            }

            output.WriteLine($"{UpdateVariable}=1: rewrote aspirate-output/ from the current manifest:\n{drift}");
            return;
        }

        Assert.Fail($"aspirate-output/ is out of sync with the AppHost's manifest.\n{drift}\n" +
            $"Refresh it with: {UpdateVariable}=1 dotnet test DualRobot.Tests --filter \"FullyQualifiedName~AspirateOutputDriftTests\"" +
            " (then review and commit the folder).");
    }

    [RequiresToolFact(Tools.Kubectl)]
    public void AspirateOutput_RendersWithKustomize()
    {
        var rendered = Kustomize.Render("aspirate-output");
        var documents = Kustomize.Documents(rendered);

        Assert.Equal(
            ["ConfigMap/api-env", "ConfigMap/frontend-env", "Deployment/api", "Deployment/frontend", "Service/api", "Service/frontend"],
            documents.Select(d => $"{d.Kind}/{d.Name}").Order(StringComparer.Ordinal));
    }

    private static SortedDictionary<string, string> ReadFolder(string folder)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
        {
            return files;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllText(file);
        }

        return files;
    }

    internal static string Describe(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var sb = new StringBuilder();
        foreach (var path in expected.Keys.Except(actual.Keys))
        {
            sb.Append("missing: aspirate-output/").Append(path).Append('\n');
        }

        foreach (var path in actual.Keys.Except(expected.Keys))
        {
            sb.Append("unexpected: aspirate-output/").Append(path).Append('\n');
        }

        foreach (var path in expected.Keys.Intersect(actual.Keys))
        {
            if (expected[path] != actual[path])
            {
                sb.Append("differs: aspirate-output/").Append(path).Append('\n').Append(LineDiff(expected[path], actual[path]));
            }
        }

        return sb.ToString();
    }

    /// <summary>A compact diff: lines are shown with their ending made visible ("⏎", "∅" for no final newline).</summary>
    private static string LineDiff(string expected, string actual)
    {
        static List<string> Lines(string text)
        {
            var lines = text.Split('\n').Select(l => l.Replace("\r", "\\r") + "⏎").ToList();
            lines[^1] = lines[^1] == "⏎" ? "" : lines[^1].TrimEnd('⏎') + "∅";
            if (lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            return lines;
        }

        var e = Lines(expected);
        var a = Lines(actual);
        var sb = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(e.Count, a.Count) && shown < 20; i++)
        {
            var el = i < e.Count ? e[i] : null;
            var al = i < a.Count ? a[i] : null;
            if (el == al)
            {
                continue;
            }

            shown++;
            if (el is not null)
            {
                sb.Append($"  line {i + 1} - expected: {el}\n");
            }

            if (al is not null)
            {
                sb.Append($"  line {i + 1} + actual:   {al}\n");
            }
        }

        return sb.ToString();
    }
}
