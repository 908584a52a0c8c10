using DualRobot.Tests.AppHost;
using DualRobot.TestSupport.PigpioEmulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// What the console's status texts are driven through: the api as a real process on a fixed loopback port (so it can
/// be killed and started again where the console looks for it), Linus on the pigpiod emulator (so its backend can be
/// cut off), Torvalds simulated (so it has an arena's walls), and the console on loopback for Chromium.
/// </summary>
public sealed class StatusTexts : IAsyncLifetime
{
    public PigpioEmulator Daemon { get; } = new();

    public ApiProcess Api { get; private set; } = null!;

    /// <summary>Where the browser finds the console: through a link the tests can cut.</summary>
    public Uri Address => Link.Address;

    internal CuttableLink Link { get; private set; } = null!;

    /// <summary>Reads and resets the api as the tests' other user would, with the key.</summary>
    internal ApiState State { get; private set; } = null!;

    private FrontendFactory _console = null!;

    private Dictionary<string, string> ApiSettings => new(DualRobot.TestSupport.RobotSettings.PigpioEnvironment(Daemon.Port))
    {
        ["Control__ApiKey"] = AppHostFixture.ApiKey,
        // Long enough that a claim a test makes is still held when the test looks.
        ["Control__ClaimIdleSeconds"] = "60",
    };

    public async Task InitializeAsync()
    {
        Api = await ApiProcess.StartAsync(ApiSettings);
        State = new ApiState(() => Api.CreateClient(authorized: false));
        _console = new FrontendFactory(new Dictionary<string, string?>
        {
            ["Api:BaseAddress"] = Api.BaseAddress.ToString(),
            ["Control:ApiKey"] = AppHostFixture.ApiKey,
            ["Operators:Password"] = AppHostFixture.OperatorPassword,
            ["Operators:SignInAttemptsPerMinute"] = "1000",
        });
        _console.UseKestrel(0);
        _console.StartServer();
        Link = new CuttableLink(new Uri(_console.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
        await RobotsReadyAsync();
    }

    /// <summary>What a crash does: the api's process ends at once.</summary>
    public void KillApi() => Api.Kill();

    /// <summary>The api started again where the console looks for it, once the old one is gone.</summary>
    public async Task StartApiAgainAsync()
    {
        using (var exited = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            await Api.WaitForExitAsync(exited.Token);
        }

        await Api.DisposeAsync();
        Api = await ApiProcess.StartAsync(ApiSettings, port: Api.Port);
        await RobotsReadyAsync();
    }

    private Task RobotsReadyAsync() => Eventually.True(async () =>
        (await State.RobotAsync("Linus")).GetProperty("connected").GetBoolean(), "Linus is connected to its pigpiod", TimeSpan.FromMinutes(1));

    public async Task DisposeAsync()
    {
        await Link.DisposeAsync();
        await _console.DisposeAsync();
        await Api.DisposeAsync();
        await Daemon.DisposeAsync();
    }
}
