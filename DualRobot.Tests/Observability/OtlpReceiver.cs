using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace DualRobot.Tests.Observability;

/// <summary>
/// The Aspire Dashboard's NativeAOT binary as a real OTLP receiver (gRPC and HTTP), read back through its telemetry API.
/// It stands in for the Aspire dashboard and for Jaeger v2, which receives the same OTLP.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly ChildProcess _process;

    private OtlpReceiver(ChildProcess process, Uri ui, Uri grpc, Uri http)
    {
        _process = process;
        UiAddress = ui;
        OtlpGrpcEndpoint = grpc;
        OtlpHttpEndpoint = http;
        Client = new HttpClient { BaseAddress = ui, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri UiAddress { get; }

    public Uri OtlpGrpcEndpoint { get; }

    public Uri OtlpHttpEndpoint { get; }

    public HttpClient Client { get; }

    public static async Task<OtlpReceiver> StartAsync(string binary)
    {
        var (ui, grpc, http) = (Network.FreeTcpPort(), Network.FreeTcpPort(), Network.FreeTcpPort());
        var start = new ProcessStartInfo(binary)
        {
            // It needs the files beside it.
            WorkingDirectory = Path.GetDirectoryName(binary)!,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_DASHBOARD_TELEMETRY_OPTOUT"] = "true";
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var process = ChildProcess.Start(start);
        var receiver = new OtlpReceiver(process, new Uri($"http://127.0.0.1:{ui}/"),
            new Uri($"http://127.0.0.1:{grpc}"), new Uri($"http://127.0.0.1:{http}"));

        await Eventually.True(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire Dashboard exited with {process.ExitCode}:\n{receiver.Log}");
            }

            try
            {
                using var response = await receiver.Client.GetAsync("health");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, () => $"The Aspire Dashboard did not become healthy:\n{receiver.Log}", TimeSpan.FromSeconds(30), Eventually.ServerInterval);
        return receiver;
    }

    public string Log => _process.Log;

    /// <summary>Polls /api/telemetry/traces/{traceId} until the trace holds spans satisfying the predicate.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForTraceAsync(string traceId, Func<IReadOnlyList<OtlpSpan>, bool> complete, TimeSpan timeout)
    {
        IReadOnlyList<OtlpSpan> spans = [];
        await Eventually.True(async () =>
        {
            using var response = await Client.GetAsync($"api/telemetry/traces/{traceId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            response.EnsureSuccessStatusCode();
            spans = OtlpSpan.Parse(await response.Content.ReadAsStringAsync());
            return complete(spans);
        }, () => $"Trace {traceId} incomplete at {UiAddress}: spans [{string.Join(", ", spans.Select(s => $"{s.Service}/{s.Name}"))}]\n" +
              $"what the receiver holds: {Holdings()}\nreceiver log (tail):\n{Log[Math.Max(0, Log.Length - 2000)..]}",
            timeout, Eventually.ServerInterval);
        return spans;
    }

    /// <summary>For a failure message: which services sent telemetry and how many traces arrived, or why that is unknown.</summary>
    private string Holdings()
    {
        try
        {
            var resources = Client.GetStringAsync("api/telemetry/resources").GetAwaiter().GetResult();
            using var traces = JsonDocument.Parse(Client.GetStringAsync("api/telemetry/traces").GetAwaiter().GetResult());
            return $"resources {resources}, {traces.RootElement.GetProperty("totalCount").GetInt32()} traces";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
        {
            return $"unknown ({ex.Message})";
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }
}

/// <summary>One span of an OTLP/JSON trace, flattened with its resource's service.name.</summary>
public sealed record OtlpSpan(string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes)
{
    public static IReadOnlyList<OtlpSpan> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement.TryGetProperty("data", out var data) ? data : doc.RootElement;
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in root.GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attrs(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name", "?");
            foreach (var scope in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    var parent = span.TryGetProperty("parentSpanId", out var p) && p.GetString() is { Length: > 0 } id ? id : null;
                    spans.Add(new OtlpSpan(service, span.GetProperty("traceId").GetString()!, span.GetProperty("spanId").GetString()!,
                        parent, span.GetProperty("name").GetString()!, Attrs(span)));
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> Attrs(JsonElement element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("attributes", out var attributes))
        {
            return result;
        }

        foreach (var attribute in attributes.EnumerateArray())
        {
            var value = attribute.GetProperty("value");
            var text = value.EnumerateObject().FirstOrDefault() is { Value.ValueKind: not JsonValueKind.Undefined } first
                ? first.Value.ValueKind == JsonValueKind.String ? first.Value.GetString()! : first.Value.GetRawText()
                : string.Empty;
            result[attribute.GetProperty("key").GetString()!] = text;
        }

        return result;
    }
}
