using System.Collections.Concurrent;
using System.Security.Cryptography;
using DualRobot.Frontend.Diagnostics;
using StackExchange.Redis;

namespace DualRobot.Frontend.Operators.Sessions;

/// <summary>
/// Sessions in Redis, shared by every console replica, read from a local cache so that a request or a socket command
/// on a known session costs no Redis round trip. Every change (a sign-out, a renewal) is published on
/// <see cref="Changes"/>; each replica drops its copy when it hears of one, so a sign-out on one replica revokes the
/// session on all. Redis delivers a message at most once and only over a live connection, so the cache is trusted
/// only while the subscription is live: while it is down every read goes to Redis (and, if Redis cannot answer
/// either, to the cached copy: nobody can sign out meanwhile), and once it is back the cache starts empty.
/// </summary>
public sealed class RedisSessionBackend : IOperatorSessionBackend
{
    public const string KeyPrefix = "dualrobot:session:";

    /// <summary>Carries "origin/key" for every changed session; a replica ignores its own messages.</summary>
    public static readonly RedisChannel Changes = RedisChannel.Literal("dualrobot:session-changes");

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisSessionBackend> _logger;
    private readonly ConcurrentDictionary<string, byte[]> _cache = new(StringComparer.Ordinal);
    private readonly string _origin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private long _evictions;
    private volatile bool _subscribed;

    public RedisSessionBackend(IConnectionMultiplexer redis, ILogger<RedisSessionBackend> logger)
    {
        _redis = redis;
        _logger = logger;
        redis.ConnectionFailed += (_, _) => _subscribed = false;
        redis.ConnectionRestored += (_, _) =>
        {
            // Whatever was published while the connection was down is lost: start again from Redis.
            Interlocked.Increment(ref _evictions);
            _cache.Clear();
            _subscribed = redis.GetSubscriber().IsConnected(Changes);
        };
        _ = SubscribeAsync();
    }

    /// <summary>Whether reads are served from the local cache (the change channel is live).</summary>
    public bool CacheTrusted => _subscribed;

    public async ValueTask<byte[]?> ReadAsync(string key)
    {
        if (_subscribed && _cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var evictions = Interlocked.Read(ref _evictions);
        RedisValue stored;
        try
        {
            stored = await _redis.GetDatabase().StringGetAsync(KeyPrefix + key);
        }
        catch (RedisException exception)
        {
            FrontendLog.SessionStoreUnreachable(_logger, exception.Message);
            return _cache.TryGetValue(key, out var fallback) ? fallback : null;
        }

        if (stored.IsNull)
        {
            return null;
        }

        byte[] ticket = stored!;
        // A change heard while the read was on its way may be newer than what it brought: then it is not kept.
        if (_subscribed && Interlocked.Read(ref _evictions) == evictions)
        {
            _cache[key] = ticket;
        }

        return ticket;
    }

    public async Task WriteAsync(string key, byte[] ticket, bool isNew)
    {
        await _redis.GetDatabase().StringSetAsync(KeyPrefix + key, ticket, OperatorSessionEvents.SlidingLifetime);
        _cache[key] = ticket;
        if (!isNew)
        {
            await PublishAsync(key);
        }
    }

    public async Task DeleteAsync(string key)
    {
        Evict(key);
        await _redis.GetDatabase().KeyDeleteAsync(KeyPrefix + key);
        await PublishAsync(key);
    }

    /// <summary>Redis forgets a session by itself: its key expires a sliding lifetime after its last write.</summary>
    public void RemoveWrittenBefore(DateTimeOffset cutoff)
    {
    }

    private Task PublishAsync(string key) => _redis.GetSubscriber().PublishAsync(Changes, $"{_origin}/{key}");

    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(Changes, (_, message) =>
            {
                if (((string?)message)?.Split('/', 2) is [var origin, var key] && origin != _origin)
                {
                    Evict(key);
                }
            });
            _subscribed = true;
        }
        catch (RedisException exception)
        {
            // Until the connection comes (ConnectionRestored), every read goes to Redis.
            FrontendLog.SessionStoreUnreachable(_logger, exception.Message);
        }
    }

    private void Evict(string key)
    {
        Interlocked.Increment(ref _evictions);
        _cache.TryRemove(key, out _);
    }
}
