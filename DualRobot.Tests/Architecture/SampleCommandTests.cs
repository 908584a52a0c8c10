using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using DualRobot.Api.Apis;
using DualRobot.Api.Diagnostics;
using DualRobot.Api.Robots.Commands;
using DualRobot.Tests.Apis;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Architecture;

/// <summary>
/// docs/architecture.md's "adding a robot command", done from outside the product: a test-only command (a wink: the
/// eye lit) through the extension points the checklist names, a body record, a command class, one endpoint on the
/// api's commands group and one on the console's <c>/control</c> group (the page's button would be markup only), and
/// exercised end to end: from a signed-in operator through the console's relay, or straight to the api, through
/// authentication, the body's rules, the deadline, the pipeline's admission, the pin write and the state.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class SampleCommandTests(SampleCommandTests.ApiWithWink api) : IClassFixture<SampleCommandTests.ApiWithWink>
{
    [Fact]
    public async Task AWink_ReachesTheEyePin_ThroughThePipeline()
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.Pins("Linus").ChangeCount;

        using var response = await client.PostAsJsonAsync("/robots/linus/wink", new { times = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Device.Gpio.PinValue.High, api.Pins("Linus").GetLevel(RobotSettings.LinusEye));
        Assert.True(api.Pins("Linus").ChangeCount > before);
        Assert.Equal(EyeState.On, api.Robot("Linus").GetState().Eye);
    }

    [Fact]
    public async Task AWink_ThroughTheConsolesRelay_ReachesThePin()
    {
        await using var console = new FrontendFactory(
            new Dictionary<string, string?> { ["Control:ApiKey"] = ApiFactory.ApiKey },
            api: FrontendFactory.InMemory(api),
            services: services => services.AddSingleton(new DualRobot.Frontend.Apis.ControlApi.ConsoleCommandEndpoint(control =>
                DualRobot.Frontend.Apis.ControlApi.MapRobotCommand<WinkRequest>(control, "wink", "wink"))));
        using var client = await console.SignedInClientAsync();
        using (var direct = api.CreateAuthorizedClient())
        {
            using var off = await direct.PostAsJsonAsync("/robots/linus/eye", new { state = "off" });
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        using var refused = await client.PostAsync("/control/Linus/wink", new StringContent("""{"times":1,"blink":true}""", System.Text.Encoding.UTF8, "application/json"));
        using var response = await client.PostAsJsonAsync("/control/Linus/wink", new { times = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Device.Gpio.PinValue.High, api.Pins("Linus").GetLevel(RobotSettings.LinusEye));
    }

    [Fact]
    public async Task AWinkWithoutTheKey_Is401_AndNoPinChanges()
    {
        using var client = api.CreateClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsJsonAsync("/robots/linus/wink", new { times = 2 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Theory]
    [InlineData("""{"times":2,"extra":1}""", "extra")]
    [InlineData("""{"times":"two"}""", "times")]
    public async Task ABadWinkBody_Is400NamingTheField_AndNoPinChanges(string body, string field)
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;

        using var response = await client.PostAsync("/robots/linus/wink", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, api.TotalPinChanges);
    }

    [Fact]
    public async Task AWinkPastItsDeadline_IsRefusedStale_AndNoPinChanges()
    {
        using var client = api.CreateAuthorizedClient();
        var before = api.TotalPinChanges;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/robots/linus/wink") { Content = JsonContent.Create(new { times = 1 }) };
        request.Headers.Add(CommandDeadline.HeaderName, new CommandDeadline(DateTimeOffset.UtcNow.AddMinutes(-1)).ToString());

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(ProblemTypes.StaleCommand, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, api.TotalPinChanges);
    }

    /// <summary>1. The body: a record with its rules, as the contract's are (DualRobot.Api/Contract/Requests).</summary>
    public sealed record WinkRequest([property: Required, Range(1, 3)] int? Times);

    /// <summary>2. The command: which admission rules apply (flags), what it writes and what it changes once written.</summary>
    internal sealed class WinkCommand(int times) : RobotCommand
    {
        public override string Action => "wink";

        public override string Span => "robot.wink";

        public override IReadOnlyDictionary<string, string> AuditParameters =>
            new Dictionary<string, string> { ["times"] = times.ToString(CultureInfo.InvariantCulture) };

        public override void Tag(Activity activity) => activity.SetTag("robot.wink.times", times);

        public override string Pins(CommandScope scope) => scope.Devices.Eye.Pin.ToString(CultureInfo.InvariantCulture);

        public override void Write(CommandScope scope) => scope.Devices.Eye.Write(true);

        public override void Commit(CommandScope scope) => scope.Robot.State.SetEye(EyeState.On, lit: true);
    }

    /// <summary>3. The endpoint, on the commands group (robot, body rules, deadline, invalid counted), as RobotsApi maps its own.</summary>
    public sealed class ApiWithWink : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton(new RobotsApi.RobotCommandEndpoint(commands =>
                commands.MapPost("/wink", (WinkRequest body, HttpContext context) => RobotsApi.RunAsync(context, new WinkCommand(body.Times!.Value)))
                    .WithName("Wink")
                    .WithCommandAction("wink")
                    .ReadsDeadline())));
        }
    }
}
