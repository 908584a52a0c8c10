using System.Net;
using System.Net.Http.Json;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Mvc;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 6: the page without JavaScript posts forms, and model binding read a number it could not parse
/// (<c>speed=50abc</c>, empty, <c>∞</c>, <c>0x10</c>, <c>1,5</c>) as no number at all: the nudge went out (302
/// "nudged forward") at the robot's last speed. Every field of every command form is now read strictly: 400 naming
/// the field, and nothing moves. The console and the api in memory, the simulated robots' pins counted.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class StrictFormTests(ConsoleWithApi console) : IClassFixture<ConsoleWithApi>
{
    [Theory]
    [InlineData("50abc")]
    [InlineData("")]
    [InlineData("∞")]
    [InlineData("-∞")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("50 ")]
    [InlineData(" 50")]
    [InlineData("5_0")]
    [InlineData("50%")]
    [InlineData("NaN")]
    [InlineData("1e309")]
    [InlineData("101")]
    public async Task Nudge_WithASpeedThatIsNotAPlainNumberFrom0To100_Is400NamingSpeed_AndNothingMoves(string speed)
    {
        await AssertRefusedAsync("Nudge", [("robot", "Linus"), ("direction", "forward"), ("speed", speed)], "speed");
    }

    [Theory]
    [InlineData("50abc")]
    [InlineData("")]
    [InlineData("∞")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("Infinity")]
    public async Task Servos_WithAnAngleThatIsNotAPlainFiniteNumber_Is400NamingItsIndex_AndNothingMoves(string angle)
    {
        await AssertRefusedAsync("Servos", [("robot", "Linus"), ("angles", "10"), ("angles", angle)], "angles[1]");
        await AssertRefusedAsync("Servos", [("robot", "Linus"), ("angles[0]", angle), ("angles[1]", "10")], "angles[0]");
    }

    [Theory]
    [InlineData("Nudge", "speed", "50")]
    [InlineData("Nudge", "direction", "forward")]
    [InlineData("Nudge", "robot", "Linus")]
    [InlineData("Eye", "eye", "on")]
    [InlineData("Stop", "robot", "Linus")]
    public async Task AFieldGivenTwice_Is400NamingIt_AndNothingMoves(string handler, string field, string value)
    {
        await AssertRefusedAsync(handler, CardFormWith(field, value, value), field);
    }

    [Theory]
    [InlineData("Nudge", "direction", "Forward")]
    [InlineData("Nudge", "direction", "1")]
    [InlineData("Nudge", "direction", "")]
    [InlineData("Eye", "eye", "ON")]
    [InlineData("Nudge", "robot", "")]
    [InlineData("Nudge", "robot", " ")]
    [InlineData("Stop", "robot", "")]
    [InlineData("TakeControl", "robot", "")]
    public async Task ANameThatIsNotExactlyAWireName_Is400NamingIt_AndNothingMoves(string handler, string field, string value)
    {
        await AssertRefusedAsync(handler, CardFormWith(field, value), field);
    }

    [Theory]
    [InlineData("Servos", new[] { "robot=Linus" }, "angles")]
    [InlineData("Servos", new[] { "robot=Linus", "angles=10", "angles[0]=10" }, "angles")]
    [InlineData("Servos", new[] { "robot=Linus", "angles[0]=10", "angles[2]=10" }, "angles")]
    [InlineData("Nudge", new[] { "direction=forward" }, "robot")]
    public async Task AMissingOrMalformedField_Is400NamingIt_AndNothingMoves(string handler, string[] pairs, string field)
    {
        await AssertRefusedAsync(handler, pairs.Select(pair => (pair.Split('=')[0], pair.Split('=')[1])).ToList(), field);
    }

    [Fact]
    public async Task Nudge_WithAPlainSpeed_OrNone_StillMoves()
    {
        using var client = await console.SignedInAsync(OperatorRoles.Operator);
        try
        {
            foreach (var speed in new[] { "50", "12.5", "1e1", "+40", "0" })
            {
                using var response = await PostAsync(client, "Nudge", [("robot", "Linus"), ("direction", "forward"), ("speed", speed)]);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"speed={speed}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            using var without = await PostAsync(client, "Nudge", [("robot", "Torvalds"), ("direction", "forward")]);
            Assert.Equal(HttpStatusCode.Redirect, without.StatusCode);
            Assert.Equal(Direction.Forward, console.Api.Robot("Torvalds").GetState().Motion);
        }
        finally
        {
            (await PostAsync(client, "Stop", [("robot", "Linus")])).Dispose();
            (await PostAsync(client, "Stop", [("robot", "Torvalds")])).Dispose();
        }
    }

    /// <summary>A robot card's fields, all well formed, except <paramref name="field"/>, which has <paramref name="values"/>.</summary>
    private static List<(string Name, string Value)> CardFormWith(string field, params string[] values) =>
        [.. new[] { ("robot", "Linus"), ("direction", "forward"), ("eye", "on") }.Where(pair => pair.Item1 != field), .. values.Select(value => (field, value))];

    private async Task AssertRefusedAsync(string handler, List<(string Name, string Value)> fields, string field)
    {
        using var client = await console.SignedInAsync(OperatorRoles.Operator);
        var before = console.Api.TotalPinChanges;

        using var response = await PostAsync(client, handler, fields);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{handler} {string.Join('&', fields)}: {(int)response.StatusCode} {body}");
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Equal(new[] { field }, problem!.Errors.Keys);
        Assert.StartsWith($"{field}: ", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before, console.Api.TotalPinChanges);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string handler, List<(string Name, string Value)> fields)
    {
        var form = fields.Select(pair => new KeyValuePair<string, string>(pair.Name, pair.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", await ConsoleWithApi.FormTokenAsync(client)));
        return await client.PostAsync($"/?handler={handler}", new FormUrlEncodedContent(form));
    }
}
