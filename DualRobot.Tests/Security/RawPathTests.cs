using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Support;
using Xunit.Abstractions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Path tricks that TestServer cannot carry (%00, raw bytes, over-long request lines), sent byte for byte over a raw
/// socket to the api as a real Kestrel process on 127.0.0.1. Every one is refused with a 4xx and nothing moves.
/// Responses the application writes are problem details; Kestrel's own rejections of malformed HTTP (a bare 400, 414 or
/// 431 before any application code runs) have no body, and are told apart by that.
/// </summary>
[Trait(Tier.Name, Tier.EndToEnd)]
public sealed class RawPathTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string DriveBody = """{"direction":"forward","leaseMs":5000}""";
    private ApiProcess _api = null!;

    public static IEnumerable<(string Method, string Target, string Body)> Tricks()
    {
        foreach (var name in new[]
        {
            "linus%00", "%00", "%00linus", "lin%00us", "..%2F..%2Fetc", "%2e%2e%2f%2e%2e%2fetc", "linus%2F..%2Ftorvalds",
            "linus%2f%2e%2e%2ftorvalds", "%C0%AE%C0%AE", "linus%FF", "%u006Cinus", "linus%5C..%5Ctorvalds", "linus%252F",
            "linus%0D%0AX-Injected:%201", "linus%20", "%2Flinus", new string('a', 9000), "linus;%00", "..%00",
        })
        {
            yield return ("POST", $"/robots/{name}/drive", DriveBody);
        }

        yield return ("POST", "/robots/linus/drive%00", DriveBody);
        yield return ("POST", "/robots/linus/drive/%2e%2e%2fdrive", DriveBody);
        yield return ("POST", "/robots/linus/eye%00", """{"state":"on"}""");
        yield return ("PUT", "/robots/linus/servos/0%00", """{"angle":45}""");
        yield return ("PUT", "/robots/linus/servos/%00", """{"angle":45}""");
        yield return ("PUT", "/robots/linus/servos/0%2F..%2F1", """{"angle":45}""");
        yield return ("POST", "/estop%00", "");
        yield return ("POST", "/estop/release%00", "");
        yield return ("GET", "/robots/linus%00", "");
        yield return ("POST", "/robots/linus\0/drive", DriveBody);
        yield return ("POST", "/robots/lin us/drive", DriveBody);
        yield return ("POST", "/robots/linus\\drive", DriveBody);
        yield return ("POST", "/robots/linus/drive\u00e9", DriveBody);
    }

    public async Task InitializeAsync() => _api = await ApiProcess.StartAsync(new Dictionary<string, string>());

    [Fact]
    public async Task RawPathTricks_Are4xx_ProblemsWhenTheAppAnswers_NothingMoves()
    {
        using var client = _api.CreateClient();
        var before = await client.GetStringAsync("/robots");
        var failures = new List<string>();
        var seen = new List<string>();

        foreach (var (method, target, body) in Tricks())
        {
            var response = await SendRawAsync(method, target, body, authorized: true);
            var shown = target.Length > 60 ? target[..60] + "…" : target;
            seen.Add($"{method} {shown} → {response.Status} {response.ContentType ?? "(no body)"}");
            var appAnswered = response.ContentType is not null || response.BodyLength > 0;
            if (response.Status is < 400 or >= 500 || (appAnswered && response.ContentType != "application/problem+json"))
            {
                failures.Add(seen[^1]);
            }
        }

        output.WriteLine(string.Join('\n', seen));
        Assert.True(failures.Count == 0, "not a 4xx problem:\n" + string.Join('\n', failures) + "\nall:\n" + string.Join('\n', seen));
        // Nothing moved and nothing latched: every robot's state, version included, is what it was.
        Assert.Equal(before, await client.GetStringAsync("/robots"));
        Assert.False((await client.GetFromJsonAsync<EmergencyStopDto>("/estop"))!.Latched);
        Assert.False(_api.HasExited);
        var drive = await SendRawAsync("POST", "/robots/linus/drive", DriveBody, authorized: true);
        Assert.Equal(200, drive.Status);
    }

    private async Task<RawResponse> SendRawAsync(string method, string target, string body, bool authorized)
    {
        using var tcp = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tcp.ConnectAsync("127.0.0.1", _api.Port, cts.Token);
        var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\n")
            .Append($"Host: 127.0.0.1:{_api.Port}\r\n")
            .Append(authorized ? $"Authorization: Bearer {ApiProcess.ApiKey}\r\n" : string.Empty)
            .Append("Content-Type: application/json\r\n")
            .Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n")
            .Append("Connection: close\r\n\r\n")
            .Append(body)
            .ToString();
        // Latin-1 keeps raw bytes (NUL, é) as single bytes, as a hostile client would send them.
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), cts.Token);

        using var buffer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(buffer, cts.Token);
        }
        catch (IOException)
        {
            // Kestrel may reset after a rejection; what arrived before is the answer.
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var lines = head.Split("\r\n");
        var status = lines[0].Split(' ') is [_, var code, ..] && int.TryParse(code, out var s) ? s : 0;
        var contentType = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(p => p[1].Trim().Split(';')[0]).FirstOrDefault();
        var bodyLength = headerEnd < 0 ? 0 : text.Length - headerEnd - 4;
        return new RawResponse(status, contentType, bodyLength);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private sealed record RawResponse(int Status, string? ContentType, int BodyLength);
}
