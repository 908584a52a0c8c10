using DualRobot.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Secrets: generated once and kept in the AppHost's user-secrets (never committed); override with
// `dotnet user-secrets set Parameters:api-key <value>` or the Parameters__api-key environment variable.
var apiKey = builder.AddParameter(ParameterNames.ApiKey, secret: true, persist: true,
    value: new GenerateParameterDefault { MinLength = 32, Special = false });
var operatorPassword = builder.AddParameter(ParameterNames.OperatorPassword, secret: true, persist: true,
    value: new GenerateParameterDefault { MinLength = 16, Special = false });

var api = builder.AddProject<Projects.DualRobot_Api>(ResourceNames.Api)
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithEmergencyStopCommands(apiKey);

var frontend = builder.AddProject<Projects.DualRobot_Frontend>(ResourceNames.Frontend)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithRestartOnCrash()
    .WithOperatorConsoleUrl()
    .WithReference(api)
    .WaitFor(api)
    .WithConsoleRedis();

// In Kubernetes these come from a Secret the overlay references; they must never flow through the published
// manifest, where Aspirate would write them into a ConfigMap in plain text.
if (builder.ExecutionContext.IsRunMode)
{
    api.WithEnvironment("Control__ApiKey", apiKey);
    frontend.WithEnvironment("Control__ApiKey", apiKey)
        .WithEnvironment("Operators__Password", operatorPassword);
}

builder.AddObservabilityContainers(api, frontend);

builder.Build().Run();
