using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DualRobot.Benchmarks;

/// <summary>
/// The trivial-Kestrel baseline: <c>GET /ping</c> (and <c>POST /ping</c>, reading the body like the api does) on a
/// minimal WebApplication, started by the harness as a child process exactly like the api.
/// </summary>
internal static class PingServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args.Where(a => a != "--serve-ping").ToArray());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/ping", () => Results.Text("pong"));
        app.MapGet("/health", () => Results.Text("Healthy"));
        app.MapPost("/ping", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Text(body.Length > 0 ? "pong" : "empty");
        });
        await app.RunAsync();
    }
}
