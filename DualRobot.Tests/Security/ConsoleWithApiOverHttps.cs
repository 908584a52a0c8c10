using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using DualRobot.Frontend.Apis;
using DualRobot.Tests.Frontend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.Security;

/// <summary>
/// The console and the api in memory, the console on a free loopback port over HTTPS only, with HTTP/1.1 and HTTP/2
/// as Kestrel serves its HTTPS endpoints in the production overlay, and a throwaway certificate. Every handshake of
/// the command socket is recorded as it reached the console: method and protocol.
/// </summary>
public sealed class ConsoleWithApiOverHttps : ConsoleWithApi
{
    private readonly ConcurrentQueue<string> _handshakes = new();

    public X509Certificate2 Certificate { get; } = TestCertificate.Create();

    /// <summary>Each request for the command socket's path, as <c>"CONNECT HTTP/2"</c> or <c>"GET HTTP/1.1"</c>.</summary>
    public IReadOnlyCollection<string> SocketHandshakes => _handshakes;

    protected override bool OverHttp => true;

    private protected override void Listen(FrontendFactory console) => console.UseKestrel(kestrel =>
        kestrel.Listen(IPAddress.Loopback, 0, endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http1AndHttp2;
            endpoint.UseHttps(Certificate);
        }));

    protected override void ConfigureConsole(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new HandshakeRecorder(_handshakes));

    private sealed class HandshakeRecorder(ConcurrentQueue<string> handshakes) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Path == CommandSocketApi.Path)
                {
                    handshakes.Enqueue($"{context.Request.Method} {context.Request.Protocol}");
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
