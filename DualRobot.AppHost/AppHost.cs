using DualRobot.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var api = builder.AddProject<Projects.DualRobot_Api>(ResourceNames.Api)
    .WithHttpHealthCheck("/health");

var frontend = builder.AddProject<Projects.DualRobot_Frontend>(ResourceNames.Frontend)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(api)
    .WaitFor(api);

builder.AddObservabilityContainers(api, frontend);

builder.Build().Run();
