using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace DualRobot.Tests.Observability;

/// <summary>The PromQL of the dashboard and the alert rules, made runnable against a plain Prometheus.</summary>
internal static partial class PromQl
{
    /// <summary>What Grafana would put in for its macros and this dashboard's variables ("All" is a regex).</summary>
    private static readonly Dictionary<string, string> Substitutions = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "10m",
        ["job"] = ".+",
        ["robot"] = ".+",
    };

    public static JsonObject LoadDashboard(string path) =>
        JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    /// <summary>Every panel, rows' nested panels included.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray().OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in panel["panels"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                yield return nested;
            }
        }
    }

    /// <summary>(panel title, refId, expr) of every Prometheus target.</summary>
    public static IReadOnlyList<(string Panel, string RefId, string Expr)> DashboardExpressions(JsonObject dashboard) =>
        [.. Panels(dashboard)
            .SelectMany(p => (p["targets"]?.AsArray().OfType<JsonObject>() ?? []).Select(t => (Panel: p, Target: t)))
            .Where(x => x.Target["expr"] is not null)
            .Select(x => ((string)x.Panel["title"]!, (string)x.Target["refId"]!, (string)x.Target["expr"]!))];

    /// <summary>(alert name, expr) of every rule in a Prometheus rule file.</summary>
    public static IReadOnlyList<(string Alert, string Expr)> AlertExpressions(string rulesPath)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(rulesPath))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        return [.. ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Select(r => (((YamlScalarNode)r["alert"]).Value!, ((YamlScalarNode)r["expr"]).Value!))];
    }

    /// <summary>Replaces $name, ${name} and ${name:format} of Grafana's macros and the dashboard's variables.</summary>
    public static string Substitute(string expr)
    {
        var result = Variable().Replace(expr, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["bare"].Value;
            return Substitutions.TryGetValue(name, out var value)
                ? value
                : throw new InvalidOperationException($"No substitution for Grafana variable '${name}' in: {expr}");
        });
        return result;
    }

    /// <summary>
    /// "lhs op number" → "lhs op bool number": a threshold expression that returns every series of its left side
    /// (0 or 1) instead of only the offending ones, so a healthy system still proves the series exist.
    /// </summary>
    public static string ToBoolComparison(string expr)
    {
        var match = Comparison().Match(expr.Trim());
        return match.Success
            ? $"{match.Groups["lhs"].Value} {match.Groups["op"].Value} bool {match.Groups["rhs"].Value}"
            : expr;
    }

    [GeneratedRegex(@"\$(?:\{(?<braced>\w+)(?::\w+)?\}|(?<bare>\w+))")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^(?<lhs>.+?)\s*(?<op>==|!=|>=|<=|>|<)\s*(?<rhs>-?[0-9.]+(?:[eE][-+]?[0-9]+)?)$", RegexOptions.Singleline)]
    private static partial Regex Comparison();
}
