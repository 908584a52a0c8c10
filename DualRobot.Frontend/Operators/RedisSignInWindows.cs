using StackExchange.Redis;

namespace DualRobot.Frontend.Operators;

/// <summary>
/// The sign-in windows of every console replica together, in Redis: each window is one counter whose expiry is the
/// window's end, counted and checked in one script so that concurrent attempts on several replicas cannot overshoot.
/// </summary>
public sealed class RedisSignInWindows(IConnectionMultiplexer redis) : ISignInWindows
{
    public const string KeyPrefix = "dualrobot:sign-in:";

    // Returns 0 when counted, else the milliseconds until the window ends.
    private const string Count = """
        local counted = tonumber(redis.call('GET', KEYS[1]) or '0')
        if counted >= tonumber(ARGV[1]) then
          return math.max(redis.call('PTTL', KEYS[1]), 1)
        end
        if counted == 0 then
          redis.call('SET', KEYS[1], 1, 'PX', ARGV[2])
        else
          redis.call('INCR', KEYS[1])
        end
        return 0
        """;

    // DECR keeps the key's expiry; a key that has expired is left alone.
    private const string Uncount = """
        if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
          redis.call('DECR', KEYS[1])
        end
        return 0
        """;

    public async Task<TimeSpan?> TryCountAsync(string key, int limit, TimeSpan window)
    {
        var wait = (long)await redis.GetDatabase().ScriptEvaluateAsync(Count, [Key(key)], [limit, (long)window.TotalMilliseconds]);
        return wait == 0 ? null : TimeSpan.FromMilliseconds(wait);
    }

    public Task UncountAsync(string key) => redis.GetDatabase().ScriptEvaluateAsync(Uncount, [Key(key)]);

    // Case-insensitive like the in-process windows: "Operator" and "operator" are one account.
    private static RedisKey Key(string key) => KeyPrefix + key.ToLowerInvariant();
}
