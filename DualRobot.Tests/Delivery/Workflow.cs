using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Delivery;

/// <summary>A GitHub Actions workflow file read as the tests need it: jobs, their needs, conditions, env and steps.</summary>
public sealed class Workflow
{
    private Workflow(string file, YamlMappingNode root)
    {
        File = file;
        Root = root;
        Jobs = ((YamlMappingNode)Kustomize.Path(root, "jobs")!).Children
            .ToDictionary(job => ((YamlScalarNode)job.Key).Value!, job => new WorkflowJob(((YamlScalarNode)job.Key).Value!, (YamlMappingNode)job.Value));
    }

    public string File { get; }

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, WorkflowJob> Jobs { get; }

    /// <summary>The workflow-level <c>env</c>.</summary>
    public IReadOnlyDictionary<string, string> Env => WorkflowJob.Map(Kustomize.Path(Root, "env"));

    public static Workflow Load(string path) => Parse(Path.GetFileName(path), System.IO.File.ReadAllText(path));

    public static Workflow Parse(string file, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new Workflow(file, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    /// <summary>Every workflow under <c>.github/workflows</c>.</summary>
    public static List<Workflow> All() =>
        Directory.EnumerateFiles(RepositoryPaths.Combine(".github", "workflows"), "*.y*ml").Order(StringComparer.Ordinal).Select(Load).ToList();

    /// <summary>The jobs <paramref name="job"/> needs, directly or through the jobs it needs.</summary>
    public HashSet<string> NeedsClosure(string job)
    {
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(Jobs[job].Needs);
        while (pending.TryPop(out var next))
        {
            if (closure.Add(next))
            {
                foreach (var need in Jobs[next].Needs)
                {
                    pending.Push(need);
                }
            }
        }

        return closure;
    }
}

public sealed class WorkflowJob(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    public IReadOnlyList<string> Needs => Kustomize.Path(Node, "needs") switch
    {
        YamlScalarNode single => [single.Value!],
        YamlSequenceNode many => many.Children.Select(n => ((YamlScalarNode)n).Value!).ToList(),
        _ => [],
    };

    public string? If => Kustomize.Scalar(Node, "if");

    public IReadOnlyDictionary<string, string> Env => Map(Kustomize.Path(Node, "env"));

    public IReadOnlyDictionary<string, string> Permissions => Map(Kustomize.Path(Node, "permissions"));

    public IReadOnlyList<YamlMappingNode> Steps => (Kustomize.Path(Node, "steps") as YamlSequenceNode)?.Children.Cast<YamlMappingNode>().ToList() ?? [];

    /// <summary>All <c>run:</c> scripts of the job, one after the other.</summary>
    public string Scripts => string.Join('\n', Steps.Select(s => Kustomize.Scalar(s, "run") ?? ""));

    public YamlMappingNode Step(string name) => Assert.Single(Steps, s => Kustomize.Scalar(s, "name") == name);

    public static IReadOnlyDictionary<string, string> Map(YamlNode? node) =>
        (node as YamlMappingNode)?.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => (e.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
