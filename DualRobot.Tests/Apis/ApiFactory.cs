using System.Net.Http.Headers;
using DualRobot.Api.Gpio.Simulated;
using DualRobot.Api.Robots;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DualRobot.Tests.Apis;

/// <summary>
/// The api in memory on the simulated robots. <see cref="RobotFleet"/> stands in for the entry point because both
/// the api and the frontend have a top-level Program.
/// </summary>
public class ApiFactory : WebApplicationFactory<RobotFleet>
{
    public const string ApiKey = "unit-test-api-key-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private readonly StartupFaults _startupFaults = new();

    public ApiFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    internal ApiFactory(Dictionary<string, string?> settings, FakeTimeProvider? time = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Control:ApiKey"] = ApiKey,
            // Most tests send bursts; the limiter has its own tests.
            ["Control:MaxCommandsPerSecond"] = "0",
            // A trail of its own per factory; a test that needs a restart passes the same path to both.
            ["Audit:Path"] = Path.Combine(Path.GetTempPath(), "dualrobot-tests", $"audit-{Guid.NewGuid():N}.db"),
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }

        Time = time;
    }

    public FakeTimeProvider? Time { get; }

    public RobotFleet Fleet => Services.GetRequiredService<RobotFleet>();

    public Robot Robot(string name) => Fleet.TryGet(name, out var robot) ? robot : throw new ArgumentException($"No robot {name}");

    public SimulatedGpioBackend Pins(string name) => (SimulatedGpioBackend)Robot(name).Backend;

    /// <summary>Level writes and PWM changes over every robot: a rejected request must leave it unchanged.</summary>
    public long TotalPinChanges => Fleet.Robots.Sum(r => r.Backend is SimulatedGpioBackend s ? s.ChangeCount : 0);

    /// <summary>
    /// Why the api refused to start (its settings, say): what starting it threw, as text. When start-up fails, the
    /// application's own Run disposes the failing host while WebApplicationFactory still reads its services, so the
    /// factory can throw ObjectDisposedException ('IServiceProvider') in place of the real reason
    /// (dotnet/aspnetcore#33494, seen under load); the host logged the real reason before rethrowing it, so that is
    /// what is reported then.
    /// </summary>
    public string StartFailure()
    {
        var failure = Assert.ThrowsAny<Exception>(() => CreateClient());
        return failure is ObjectDisposedException && _startupFaults.Logged.Count > 0
            ? string.Join(Environment.NewLine, _startupFaults.Logged)
            : failure.ToString();
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.AddProvider(_startupFaults));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Time is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time)));
        }
    }
}
