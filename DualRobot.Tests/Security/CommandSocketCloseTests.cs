using System.Net.WebSockets;
using DualRobot.Frontend.Control;
using DualRobot.Frontend.Operators;
using DualRobot.Tests.Frontend;

namespace DualRobot.Tests.Security;

/// <summary>
/// Issue 25, point 7: after an oversize message the console sent its close frame and then waited for the client's
/// answer without a limit, so a client that never answers held the connection (and the request) for ever. It ends
/// the connection itself now. A hand-made client that sends one oversize frame and then reads only.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class CommandSocketCloseTests(ConsoleWithApiOverHttp console) : IClassFixture<ConsoleWithApiOverHttp>
{
    [Fact]
    public async Task AfterAnOversizeMessage_AClientThatNeverAnswersTheClose_IsHungUpOn_AndNothingMoves()
    {
        var cookies = await CommandSocketClient.SignInAsync(console.Address!, ConsoleWithApi.Users[OperatorRoles.Operator], ConsoleWithApi.Password);
        using var socket = await RawWebSocket.ConnectAsync(console.Address!, cookies);
        var before = console.Api.TotalPinChanges;

        await socket.SendTextAsync(CommandSocket.MaxMessageBytes + 1);
        var closes = await socket.ReadUntilTheConsoleHangsUpAsync(CommandSocketClient.HangGuard);

        Assert.Equal([(int)WebSocketCloseStatus.MessageTooBig], closes);
        Assert.Equal(before, console.Api.TotalPinChanges);
    }
}
