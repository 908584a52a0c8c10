using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DualRobot.Tests.Observability;

/// <summary>
/// Debian's Prometheus as a child process with its own config and TSDB in a temp folder, scraping every second.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private PrometheusServer(ChildProcess process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Log => _process.Log;

    /// <param name="targets">job name → host:port whose /metrics is scraped.</param>
    public static PrometheusServer Start(string prometheus, IReadOnlyDictionary<string, string> targets, string ruleFile)
    {
        var directory = Directory.CreateTempSubdirectory("dualrobot-prometheus-").FullName;
        var config = new StringBuilder()
            .AppendLine("global:")
            .AppendLine("  scrape_interval: 1s")
            .AppendLine("  scrape_timeout: 1s")
            .AppendLine("  evaluation_interval: 1s")
            .AppendLine("rule_files:")
            .AppendLine(CultureInfo.InvariantCulture, $"  - '{ruleFile}'")
            .AppendLine("scrape_configs:");
        foreach (var (job, target) in targets)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {job}")
                .AppendLine("    metrics_path: /metrics")
                .AppendLine(CultureInfo.InvariantCulture, $"    static_configs: [{{ targets: ['{target}'] }}]");
        }

        var configPath = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(configPath, config.ToString());

        var port = Network.FreeTcpPort();
        var start = new ProcessStartInfo(prometheus) { WorkingDirectory = directory };
        foreach (var arg in new[]
                 {
                     $"--config.file={configPath}", $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                     $"--web.listen-address=127.0.0.1:{port}", "--web.enable-lifecycle",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        return new PrometheusServer(ChildProcess.Start(start), directory, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Polls /api/v1/targets until every target reports health "up" (the first scrape comes after ~6 s).</summary>
    public async Task WaitForTargetsUpAsync(int expected, TimeSpan timeout)
    {
        string last = "no answer";
        await Eventually.True(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var doc = await GetJsonAsync("api/v1/targets?state=active");
                var targets = doc.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                    .Select(t => $"{t.GetProperty("labels").GetProperty("job").GetString()}={t.GetProperty("health").GetString()} {t.GetProperty("lastError").GetString()}")
                    .ToList();
                last = string.Join(", ", targets);
                return targets.Count == expected && targets.All(t => t.Contains("=up", StringComparison.Ordinal));
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
                return false;
            }
        }, () => $"Prometheus targets not all up: {last}\n{Log}", timeout, Eventually.ServerInterval);
    }

    /// <summary>Instant query; returns status and the result vector (empty when the query failed).</summary>
    public async Task<QueryResult> QueryAsync(string expr)
    {
        using var response = await Client.PostAsync("api/v1/query", new FormUrlEncodedContent([new("query", expr)]));
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        var status = doc.RootElement.GetProperty("status").GetString()!;
        if (status != "success")
        {
            return new QueryResult(status, [], body);
        }

        var data = doc.RootElement.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        List<Sample> samples = type switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(r => new Sample(
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                ParseValue(r.GetProperty("value")[1].GetString()!)))],
            "scalar" => [new Sample(new Dictionary<string, string>(), ParseValue(data.GetProperty("result")[1].GetString()!))],
            _ => [],
        };
        return new QueryResult(status, samples, body);
    }

    /// <summary>/api/v1/format_query: status "success" when the expression parses (400 bad_data otherwise).</summary>
    public async Task<(bool Ok, string Body)> FormatQueryAsync(string expr)
    {
        using var response = await Client.PostAsync("api/v1/format_query", new FormUrlEncodedContent([new("query", expr)]));
        var body = await response.Content.ReadAsStringAsync();
        return (response.IsSuccessStatusCode && body.Contains("\"status\":\"success\"", StringComparison.Ordinal), body);
    }

    /// <summary>Polls a query until the predicate holds for its result.</summary>
    public async Task<QueryResult> WaitForAsync(string expr, Func<IReadOnlyList<Sample>, bool> predicate, TimeSpan timeout, string what)
    {
        QueryResult? last = null;
        await Eventually.True(async () =>
        {
            last = await QueryAsync(expr);
            return last.Status == "success" && predicate(last.Samples);
        }, () => $"{what}: '{expr}' last returned {last?.Body ?? "nothing"}", timeout, Eventually.ServerInterval);
        return last!;
    }

    public async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The TSDB may still be closing; the temp folder is cleaned up eventually.
        }
    }
}

public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);

public sealed record QueryResult(string Status, IReadOnlyList<Sample> Samples, string Body);
