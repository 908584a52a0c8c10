using DualRobot.Api.Audit;
using DualRobot.Api.Robots;

namespace DualRobot.Api.Extensions;

public static class RobotOwnershipExtensions
{
    /// <summary>
    /// The lock that makes this process its robots' only owner (<see cref="RobotOwnership"/>), beside the audit trail.
    /// The fleet takes it before it creates any robot.
    /// </summary>
    internal static IServiceCollection AddRobotOwnership(this IServiceCollection services) =>
        services.AddSingleton(provider => RobotOwnership.Acquire(
            provider.GetRequiredService<AuditStore>().FullPath,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<RobotOwnership>()));

    /// <summary>
    /// Takes the robots' lock, then runs the api until it stops. One that may not own its robots has logged why and
    /// exits with <see cref="RobotOwnership.RefusedExitCode"/> before anything started, rather than crashing with a
    /// stack trace.
    /// </summary>
    public static async Task<int> RunAsRobotOwnerAsync(this WebApplication app)
    {
        try
        {
            _ = app.Services.GetRequiredService<RobotOwnership>();
        }
        catch (RobotOwnershipException)
        {
            await app.DisposeAsync(); // flushes the log line that says why
            return RobotOwnership.RefusedExitCode;
        }

        await app.RunAsync();
        return 0;
    }
}
