using System.Text.RegularExpressions;

namespace DualRobot.Tests.Delivery;

/// <summary>
/// The README is the front door, docs/ the manual and DualRobot.Benchmarks' Markdown the figures behind it: every
/// relative link in them leads somewhere that exists, including the heading a <c>#fragment</c> names, so moving a
/// section never leaves a dead link behind.
/// </summary>
[Trait(Tier.Name, Tier.Delivery)]
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        // The manual, and the benchmarks' method and history it links to.
        var files = Directory.EnumerateFiles(RepositoryPaths.Combine("docs"), "*.md")
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Combine("DualRobot.Benchmarks"), "*.md"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_Resolves(string document)
    {
        var path = RepositoryPaths.Combine(document);
        var text = WithoutCodeBlocks(File.ReadAllText(path));
        var broken = new List<string>();

        foreach (Match link in MarkdownLink().Matches(text))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var (file, fragment) = Split(target);
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(file)));
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                broken.Add($"{target}: {Path.GetRelativePath(RepositoryPaths.Root, resolved)} does not exist");
            }
            else if (fragment is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !Anchors(resolved).Contains(fragment))
            {
                broken.Add($"{target}: no heading #{fragment} in {Path.GetFileName(resolved)}");
            }
        }

        Assert.True(broken.Count == 0, $"{document} has broken links:\n" + string.Join('\n', broken));
    }

    [Fact]
    public void EveryManualPage_IsLinkedFromTheReadme()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var unlinked = Directory.EnumerateFiles(RepositoryPaths.Combine("docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f))
            .Where(page => !readme.Contains($"]({page}", StringComparison.Ordinal))
            .ToList();

        Assert.True(unlinked.Count == 0, "docs pages the README's table of contents does not link: " + string.Join(", ", unlinked));
    }

    private static (string File, string? Fragment) Split(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (target, null) : (target[..hash], target[(hash + 1)..]);
    }

    /// <summary>GitHub's anchors: the heading lower-cased, punctuation but hyphens dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string markdownFile) =>
        WithoutCodeBlocks(File.ReadAllText(markdownFile)).Split('\n')
            .Where(line => line.StartsWith('#'))
            .Select(line => AnchorPunctuation().Replace(line.TrimStart('#').Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    private static string WithoutCodeBlocks(string markdown) => CodeBlock().Replace(markdown, "");

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"[^\p{L}\p{N}\- ]")]
    private static partial Regex AnchorPunctuation();

    [GeneratedRegex(@"```.*?```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
