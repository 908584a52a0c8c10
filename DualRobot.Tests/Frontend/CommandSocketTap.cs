using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace DualRobot.Tests.Frontend;

/// <summary>
/// The page's command socket (<c>/control/socket</c>), routed through the test: every command the page sends is
/// recorded, and <see cref="Rule"/> may hold one back (no answer ever) or answer it in the console's place; the rest
/// go on to the console, and its answers back to the page, recorded too.
/// </summary>
internal sealed class CommandSocketTap
{
    private readonly ConcurrentQueue<SentCommand> _sent = new();
    private readonly ConcurrentDictionary<long, SentCommand> _forwarded = new();
    private readonly ConcurrentQueue<(SentCommand Command, int Status)> _answers = new();

    /// <summary>What happens to each command; forwarded unless it says otherwise.</summary>
    public Func<SentCommand, Verdict> Rule { get; set; } = _ => Verdict.Forward;

    public IReadOnlyCollection<SentCommand> Sent => _sent;

    /// <summary>The console's answers to forwarded commands, in the order they came.</summary>
    public IReadOnlyCollection<(SentCommand Command, int Status)> Answers => _answers;

    public static async Task<CommandSocketTap> AttachAsync(IPage page)
    {
        var tap = new CommandSocketTap();
        await page.RouteWebSocketAsync("**/control/socket", page =>
        {
            var console = page.ConnectToServer();
            page.OnMessage(frame => tap.FromPage(frame.Text ?? "{}", page, console));
            console.OnMessage(frame => tap.FromConsole(frame.Text ?? "{}", page));
        });
        return tap;
    }

    private void FromPage(string text, IWebSocketRoute page, IWebSocketRoute console)
    {
        using var message = JsonDocument.Parse(text);
        var root = message.RootElement;
        var command = new SentCommand(root.GetProperty("id").GetInt64(), root.GetProperty("command").GetString()!,
            root.GetProperty("robot").GetString()!, root.GetProperty("body").Clone());
        _sent.Enqueue(command);
        switch (Rule(command))
        {
            case { Hold: true }:
                return;
            case { Status: { } status, Body: { } body }:
                page.Send($$"""{"id":{{command.Id}},"status":{{status}},"body":{{body}}}""");
                return;
            default:
                _forwarded[command.Id] = command;
                console.Send(text);
                return;
        }
    }

    private void FromConsole(string text, IWebSocketRoute page)
    {
        using var reply = JsonDocument.Parse(text);
        var id = reply.RootElement.GetProperty("id").GetInt64();
        if (_forwarded.TryRemove(id, out var command))
        {
            _answers.Enqueue((command, reply.RootElement.GetProperty("status").GetInt32()));
        }

        page.Send(text);
    }

    /// <summary>One command as the page sent it.</summary>
    public sealed record SentCommand(long Id, string Command, string Robot, JsonElement Body)
    {
        public bool IsStop => Command == "drive" && Body.TryGetProperty("direction", out var direction) && direction.GetString() == "stop";
    }

    /// <summary>Forward it, hold it back unanswered, or answer it with this status and (problem) body.</summary>
    public sealed record Verdict(bool Hold = false, int? Status = null, string? Body = null)
    {
        public static readonly Verdict Forward = new();
        public static readonly Verdict Unanswered = new(Hold: true);

        public static Verdict Answer(int status, string body) => new(Status: status, Body: body);
    }
}
