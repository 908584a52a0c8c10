using System.Collections.Concurrent;
using System.Net;
using DualRobot.Tests.Audit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.Tests.Apis;

/// <summary>Every log line written while a request is handled carries the acting user in its scope.</summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class OperatorLogScopeTests
{
    [Fact]
    public async Task LogsWrittenForARequest_CarryItsUser()
    {
        var user = $"logged-{Guid.NewGuid():N}";
        var capture = new ScopeCapture();
        await using var api = new ApiFactory(new Dictionary<string, string?>
        {
            // The endpoint middleware logs "Executing endpoint" at Information, inside the identity's scope.
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Information",
        });
        using var client = api.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<ILoggerProvider>(capture))).CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", ApiFactory.ApiKey);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/estop").As(user));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(capture.Users, u => u == user);
    }

    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope, ILogger
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentBag<string> Users { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => _scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _scopes.ForEachScope((scope, users) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> values)
                {
                    foreach (var (key, value) in values)
                    {
                        if (key == "User" && value is string name)
                        {
                            users.Add(name);
                        }
                    }
                }
            }, Users);

        public void Dispose()
        {
        }
    }
}
