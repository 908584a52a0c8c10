using System.Collections.Concurrent;
using System.Net;
using DualRobot.Frontend.RobotApi;
using DualRobot.Tests.Frontend;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Security;

/// <summary>
/// The console on a loopback port and the api in memory, with a gate between them that the test works: it logs every
/// command on its way to the api, in order, and while closed it holds back motions (drive other than stop, velocity,
/// heartbeat) as a slow api would, so commands pile up in the console. Stops and the e-stop always pass. The console
/// waits its longest allowed time for the api (5 s), so a held motion stays in flight until the test lets go.
/// </summary>
public sealed class ConsoleWithGatedApi : ConsoleWithApi
{
    private readonly ConcurrentQueue<string> _sent = new();
    private TaskCompletionSource<bool>? _held;
    private int _holding;

    /// <summary>What reached the api, in order: <c>"POST /robots/Torvalds/drive {…}"</c>.</summary>
    public IReadOnlyCollection<string> Sent => _sent;

    /// <summary>Motions held at the gate right now.</summary>
    public int Holding => Volatile.Read(ref _holding);

    protected override bool OverHttp => true;

    /// <summary>From now on, motions wait at the gate.</summary>
    public void Close() => _held = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Opens the gate. The motions it held never reach the api: they are answered 503 in its place, as if they had
    /// been lost on the way, so nothing the console sent before a stop moves a robot after it.
    /// </summary>
    public void DropHeld() => Interlocked.Exchange(ref _held, null)?.TrySetResult(false);

    protected override HttpMessageHandler ToApi(HttpMessageHandler api) => new Gate(this) { InnerHandler = api };

    protected override void ConfigureConsole(IServiceCollection services) =>
        services.PostConfigure<ApiOptions>(options => options.CommandTimeout = TimeSpan.FromSeconds(5));

    private static bool IsMotion(string path, string body) =>
        path.EndsWith("/velocity", StringComparison.Ordinal) || path.EndsWith("/heartbeat", StringComparison.Ordinal)
        || (path.EndsWith("/drive", StringComparison.Ordinal) && !body.Contains("\"stop\"", StringComparison.Ordinal));

    private sealed class Gate(ConsoleWithGatedApi fixture) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            if (IsMotion(path, body) && Volatile.Read(ref fixture._held) is { } held)
            {
                Interlocked.Increment(ref fixture._holding);
                try
                {
                    if (!await held.Task.WaitAsync(cancellationToken))
                    {
                        return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{}") };
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref fixture._holding);
                }
            }

            fixture._sent.Enqueue($"{request.Method} {Uri.UnescapeDataString(path)} {body}");
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
