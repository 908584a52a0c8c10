namespace DualRobot.Tests.Delivery;

/// <summary>
/// A throwaway copy of <c>aspirate-output/</c> and the overlays, laid out as in the repository, for a test that edits
/// a file (say <c>robots.env</c>) and renders the result.
/// </summary>
public sealed class OverlayCopy : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("dualrobot-overlay-");

    public OverlayCopy()
    {
        CopyDirectory(RepositoryPaths.Combine("aspirate-output"), Path.Combine(_root.FullName, "aspirate-output"));
        CopyDirectory(RepositoryPaths.Combine("argocd", "overlays"), Path.Combine(_root.FullName, "argocd", "overlays"));
    }

    /// <summary>The copy of the production overlay.</summary>
    public string Production => Path.Combine(_root.FullName, "argocd", "overlays", "production");

    /// <summary>The copy of <c>aspirate-output/</c>.</summary>
    public string AspirateOutput => Path.Combine(_root.FullName, "aspirate-output");

    public List<RenderedDocument> Render() => Kustomize.Documents(Kustomize.Render(Production));

    /// <summary>Replaces the copy's <c>robots.env</c>.</summary>
    public void WriteRobots(string text) => File.WriteAllText(Path.Combine(Production, "robots.env"), text);

    public void Dispose() => _root.Delete(recursive: true);

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
