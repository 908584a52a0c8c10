using DualRobot.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace DualRobot.Tests.AppHost;

/// <summary>
/// One AppHost per collection: starting one costs seconds, so tests share it. Containers are off so the
/// tests never wait on a container runtime.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string ApiKey = AppHostTesting.ApiKey;
    public const string OperatorName = "operator";
    public const string OperatorPassword = AppHostTesting.OperatorPassword;

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await AppHostTesting.CreateAsync();
        // What the AppHost prints for the operator, kept for the tests to read.
        builder.Services.AddFakeLogging().AddLogging(logging => logging.AddFilter(OperatorConsole.LoggerCategory, LogLevel.Information));
        App = await builder.WithoutOtlpExport().StartAsync();
    }

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    /// <summary>The operator console's address.</summary>
    public Uri FrontendUrl => App.GetEndpoint("frontend", "http");

    public Task DisposeAsync() => AppHostTesting.StopAndDisposeAsync(App);
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
