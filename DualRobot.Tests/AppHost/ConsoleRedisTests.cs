using DualRobot.AppHost;
using Microsoft.Extensions.DependencyInjection;

namespace DualRobot.Tests.AppHost;

/// <summary>
/// Where the console's replicas get their Redis from in the AppHost's model (built, not started): a connection string
/// setting, Aspire's Redis container, or none at all, in which case the console keeps its files as one replica.
/// </summary>
[Trait(Tier.Name, Tier.Functional)]
public sealed class ConsoleRedisTests
{
    [Fact]
    public async Task ConnectionStringSetting_IsPassedToTheConsole_AndNoContainerIsAdded()
    {
        const string connection = "127.0.0.1:6399,abortConnect=false";
        await using var app = await BuildAsync("--RedisContainer=true", $"--ConnectionStrings:redis={connection}");

        // AddConnectionString: a parameter read from ConnectionStrings:redis, wrapped as a resource with a connection string.
        var setting = Assert.Single(Model(app).Resources.OfType<IResourceWithConnectionString>(), resource => resource.Name == ConsoleRedis.ResourceName);
        Assert.Equal(connection, await setting.GetConnectionStringAsync());
        Assert.Contains(Frontend(app).Annotations.OfType<ResourceRelationshipAnnotation>(), link => link.Resource == setting);
        Assert.Empty(Model(app).Resources.OfType<RedisResource>());
    }

    [Fact]
    public async Task ContainerRuntimeAnswering_AddsAspiresRedis_AndTheConsoleWaitsForIt()
    {
        // RedisContainer=true stands for a runtime that answers (Auto asks it; ContainerRuntimeProbe is that question).
        await using var app = await BuildAsync("--RedisContainer=true");

        var redis = Assert.Single(Model(app).Resources.OfType<RedisResource>());
        Assert.Equal(ConsoleRedis.ResourceName, redis.Name);
        var frontend = Frontend(app);
        Assert.Contains(frontend.Annotations.OfType<ResourceRelationshipAnnotation>(), link => link.Resource == redis);
        Assert.Contains(frontend.Annotations.OfType<WaitAnnotation>(), wait => wait.Resource == redis);
    }

    [Fact]
    public async Task NoRuntimeAndNoSetting_TheConsoleGetsNoRedis()
    {
        await using var app = await BuildAsync("--RedisContainer=false");

        Assert.DoesNotContain(Model(app).Resources, resource => resource.Name == ConsoleRedis.ResourceName);
        Assert.DoesNotContain(Frontend(app).Annotations.OfType<ResourceRelationshipAnnotation>(), link => link.Resource is IResourceWithConnectionString);
    }

    [Fact]
    public async Task RedisContainerSetting_OtherThanAutoTrueOrFalse_IsRefusedByName()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => BuildAsync("--RedisContainer=maybe"));

        Assert.Contains("RedisContainer must be Auto, true or false", Flatten(failure));
    }

    private static async Task<DistributedApplication> BuildAsync(params string[] args)
    {
        var builder = await AppHostTesting.CreateAsync(args);
        try
        {
            return await builder.BuildAsync();
        }
        catch
        {
            // What was started (its configuration's file watchers) ends with the test, not with the process.
            await builder.DisposeAsync();
            throw;
        }
    }

    private static DistributedApplicationModel Model(DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>();

    private static ProjectResource Frontend(DistributedApplication app) =>
        Model(app).Resources.OfType<ProjectResource>().Single(resource => resource.Name == ResourceNames.Frontend);

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate ? string.Join(" ", aggregate.InnerExceptions.Select(Flatten)) : exception.ToString();
}
