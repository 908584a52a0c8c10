using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DualRobot.Tests.AppHost;

/// <summary>
/// One AppHost per collection: starting one costs seconds, so tests share it. Containers are off so the
/// tests never wait on a container runtime.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string OperatorName = "operator";
    public const string OperatorPassword = "test-operator-password";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DualRobot_AppHost>(
        [
            "--ObservabilityContainers=false",
            $"--Parameters:api-key={ApiKey}",
            $"--Parameters:operator-password={OperatorPassword}",
        ]);

        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            // The testing builder points OTLP at a dashboard it does not start; the exporter would then
            // hold up each service's shutdown by ~13 s.
            project.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT")));
        }

        App = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(cts.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("api", cts.Token);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("frontend", cts.Token);
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource, "http");

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
