using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DualRobot.Tests.Apis;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace DualRobot.Tests.Security;

/// <summary>
/// Property-based tests over every route: generated requests from a seeded <see cref="Random"/> (set
/// <c>DUALROBOT_FUZZ_SEED</c> to replay; failures print the seed and the case). Properties: valid requests get 2xx;
/// anything else gets a 4xx problem (<c>application/problem+json</c>), never a 5xx, never a pin change; the api
/// answers afterwards. Time is frozen, so no lease, blink or refill changes a pin behind a case's back.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class HostileInputTests(ITestOutputHelper output) : IDisposable
{
    private const int HostileCases = 1200;
    private const int ValidCases = 300;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    private readonly ApiFactory _api = new(new Dictionary<string, string?>(), new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(55)));

    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("DUALROBOT_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed)
        ? seed
        : 20_240_611;

    [Fact]
    public async Task GeneratedHostileRequests_Get4xxProblems_Never5xx_NoPinChange()
    {
        var generator = new HostileRequests(new Random(Seed), ApiFactory.ApiKey);
        using var client = _api.CreateClient();
        using var budget = new CancellationTokenSource(Budget);
        var statuses = new Dictionary<int, int>();

        for (var i = 0; i < HostileCases && !budget.IsCancellationRequested; i++)
        {
            var request = generator.Hostile();
            var pinsBefore = _api.TotalPinChanges;
            var latchedBefore = _api.Fleet.EmergencyStop.Latched;

            var (status, contentType) = await SendAsync(client, request);

            var context = $"seed {Seed} (DUALROBOT_FUZZ_SEED), hostile case {i}: {request} → {(int)status} {contentType}";
            statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
            Assert.True((int)status is >= 200 and < 500, $"not 2xx/4xx: {context}");
            if ((int)status >= 400)
            {
                if (!request.IsHead)
                {
                    Assert.True(contentType == "application/problem+json", $"a rejection without problem details: {context}");
                }

                Assert.True(_api.TotalPinChanges == pinsBefore, $"a rejected request changed a pin: {context}");
                Assert.True(_api.Fleet.EmergencyStop.Latched == latchedBefore, $"a rejected request changed the e-stop: {context}");
            }

            if (_api.Fleet.EmergencyStop.Latched)
            {
                // A well-formed POST /estop latches it; release so later cases are judged on their own.
                _api.Fleet.ReleaseEmergencyStop();
            }
        }

        output.WriteLine($"seed {Seed}: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        // The generator must really have reached the rejections, not only lucky valid requests.
        Assert.True(statuses.Where(s => s.Key >= 400).Sum(s => s.Value) > HostileCases / 2,
            $"seed {Seed}: statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task GeneratedValidRequests_Get2xx()
    {
        var generator = new HostileRequests(new Random(Seed + 1), ApiFactory.ApiKey);
        using var client = _api.CreateClient();
        using var budget = new CancellationTokenSource(Budget);

        for (var i = 0; i < ValidCases && !budget.IsCancellationRequested; i++)
        {
            var request = generator.Valid();
            var (status, contentType) = await SendAsync(client, request);
            Assert.True((int)status is >= 200 and < 300,
                $"seed {Seed + 1} (DUALROBOT_FUZZ_SEED + 1), valid case {i}: {request} → {(int)status} {contentType}");
        }

        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task EveryMethodOnEveryRoute_WrongMethodIs405Problem_NoPinChange()
    {
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.ApiKey);
        var failures = new List<string>();
        foreach (var (_, template) in HostileRequests.Routes.DistinctBy(r => r.Template))
        {
            var path = template.Replace("{name}", "linus", StringComparison.Ordinal).Replace("{index}", "0", StringComparison.Ordinal);
            // Methods another route of the same path answers, and HEAD on the read-only infrastructure endpoints.
            var allowed = HostileRequests.Routes.Where(r => r.Template == template).Select(r => r.Method).ToHashSet();
            if (template is "/health" or "/alive" or "/metrics")
            {
                allowed.Add("HEAD");
            }

            foreach (var method in HostileRequests.Methods.Where(m => !allowed.Contains(m)))
            {
                var before = _api.TotalPinChanges;
                var request = new FuzzRequest(method, path, "{\"direction\":\"forward\",\"state\":\"on\",\"angle\":1}"u8.ToArray(), "application/json", null, "method matrix");

                var (status, contentType) = await SendAsync(client, request);

                if (status != HttpStatusCode.MethodNotAllowed
                    || (!request.IsHead && contentType != "application/problem+json")
                    || _api.TotalPinChanges != before)
                {
                    failures.Add($"{method} {path} → {(int)status} {contentType}");
                }
            }
        }

        Assert.True(failures.Count == 0, "wrong methods not answered with a 405 problem:\n" + string.Join('\n', failures));
        await AssertStillAnswersAsync();
    }

    private static async Task<(HttpStatusCode Status, string? ContentType)> SendAsync(HttpClient client, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = null;
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        if (request.Authorization is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", request.Authorization);
        }

        using var response = await client.SendAsync(message);
        // Read the body so a response that fails while being written fails here.
        await response.Content.ReadAsByteArrayAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertStillAnswersAsync()
    {
        using var client = _api.CreateAuthorizedClient();
        _api.Fleet.ReleaseEmergencyStop();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/robots")).StatusCode);
        using var drive = await client.PostAsJsonAsync("/robots/linus/drive", new { direction = "forward", leaseMs = 5000 });
        Assert.Equal(HttpStatusCode.OK, drive.StatusCode);
        Assert.Equal(1, (int)_api.Pins("Linus").GetLevel(13));
    }

    public void Dispose() => _api.Dispose();
}
