using DualRobot.Frontend.Operators;
using DualRobot.Frontend.Operators.Sessions;
using DualRobot.Frontend.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DualRobot.Frontend.Extensions;

/// <summary>
/// Where the console keeps what must outlive a request: the Data Protection key ring (behind every cookie and form
/// token), the operators' sessions and the sign-in limits. With <c>ConnectionStrings:redis</c> (Aspire's
/// <c>WithReference(redis)</c>, or set by hand) all three live in Redis and any number of replicas share them; without
/// it, one console keeps them as it always did: the key ring and sessions in <c>KeyRing:Path</c> (or memory), the
/// limits in memory.
/// </summary>
public static class ConsoleStateExtensions
{
    /// <summary>The connection string's name, as the AppHost names its Redis resource.</summary>
    public const string RedisConnectionName = "redis";

    /// <summary>The key ring's Redis key (a list of the keys' XML).</summary>
    public const string KeyRingKey = "dualrobot:data-protection-keys";

    public static IHostApplicationBuilder AddConsoleState(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var shared = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(RedisConnectionName));
        if (shared)
        {
            // No health check: a Redis outage must not take every replica out of its Service. Signed-in operators keep
            // driving from their replica's cached sessions (and a stop always goes through); only signing in waits.
            builder.AddRedisClient(RedisConnectionName,
                settings => settings.DisableHealthChecks = true,
                options => options.AbortOnConnectFail = false);
        }

        // A fixed application name: keys, and with them cookies and tokens, stay valid whatever the content root.
        services.AddDataProtection().SetApplicationName("DualRobot.Frontend");
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.SectionName);
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
        {
            if (shared)
            {
                var redis = provider.GetRequiredService<IConnectionMultiplexer>();
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), KeyRingKey);
            }
            else if (provider.GetRequiredService<IOptions<KeyRingOptions>>().Value.Path is { Length: > 0 } path)
            {
                keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(path), provider.GetRequiredService<ILoggerFactory>());
            }
        });

        if (shared)
        {
            services.AddSingleton<IOperatorSessionBackend, RedisSessionBackend>();
            services.AddSingleton<ISignInWindows, RedisSignInWindows>();
        }
        else
        {
            services.AddSingleton<IOperatorSessionBackend>(provider =>
                provider.GetRequiredService<IOptions<KeyRingOptions>>().Value.Path is { Length: > 0 } path
                    ? new FileSessionBackend(path)
                    : new MemorySessionBackend(provider.GetRequiredService<TimeProvider>()));
            services.AddSingleton<ISignInWindows, SignInWindows>();
        }

        services.AddSingleton<OperatorSessionStore>();
        return builder;
    }
}
