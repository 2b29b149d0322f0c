using StackExchange.Redis;

namespace Khabar.Features.Shared;

/// <summary>
/// Limits counted for the whole site: with <c>Khabar:Redis</c>, a <see cref="WindowCounter"/>'s permits are counted in
/// Redis (one atomic script per take: the key's count goes up and its window starts with the first take, an expiring
/// key), so 30 comments a minute stay 30 however the balancer spreads them. Without Redis, or while it cannot be
/// reached, each node counts alone (its own <see cref="WindowCounter"/>) and says so in the log once a minute.
/// </summary>
public sealed class SharedLimits(ILogger<SharedLimits> logger, SiteRedis? redis = null)
{
    // KEYS[1]: the counter. ARGV[1]: the window in ms. Returns {count after this take, ms left in the window}.
    private const string TakeScript = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """;

    private long _lastWarning;

    /// <summary>Whether takes are counted in Redis now (configured and connected).</summary>
    public bool IsShared => redis is { IsConnected: true };

    internal async ValueTask<(bool Counted, bool Allowed, TimeSpan RetryAfter)> TryTakeAsync(string name, string key, int permits, TimeSpan window)
    {
        if (redis is not { IsConnected: true })
        {
            WarnIfConfigured(null);
            return (false, false, TimeSpan.Zero);
        }

        try
        {
            var result = (RedisResult[])(await redis.Multiplexer.GetDatabase().ScriptEvaluateAsync(
                TakeScript, [Key(name, key)], [(long)window.TotalMilliseconds]))!;
            var count = (long)result[0];
            var left = TimeSpan.FromMilliseconds(Math.Max(1, (long)result[1]));
            return count <= permits ? (true, true, TimeSpan.Zero) : (true, false, left);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            WarnIfConfigured(e);
            return (false, false, TimeSpan.Zero);
        }
    }

    internal async ValueTask<(bool Counted, bool Exhausted, TimeSpan RetryAfter)> IsExhaustedAsync(string name, string key, int permits)
    {
        if (redis is not { IsConnected: true })
        {
            WarnIfConfigured(null);
            return (false, false, TimeSpan.Zero);
        }

        try
        {
            var db = redis.Multiplexer.GetDatabase();
            var counter = Key(name, key);
            var value = await db.StringGetAsync(counter);
            if (!value.HasValue || (long)value < permits)
            {
                return (true, false, TimeSpan.Zero);
            }

            var left = await db.KeyTimeToLiveAsync(counter) ?? TimeSpan.Zero;
            return (true, left > TimeSpan.Zero, left);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            WarnIfConfigured(e);
            return (false, false, TimeSpan.Zero);
        }
    }

    internal async ValueTask ResetAsync(string name, string key)
    {
        if (redis is not { IsConnected: true })
        {
            return;
        }

        try
        {
            await redis.Multiplexer.GetDatabase().KeyDeleteAsync(Key(name, key));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            WarnIfConfigured(e);
        }
    }

    private RedisKey Key(string name, string key) => redis!.Prefix + "limit:" + name + ":" + key;

    private void WarnIfConfigured(Exception? e)
    {
        if (redis is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if ((last == 0 || now - last > 60_000) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            logger.LogWarning(e, "Redis is unreachable: this node counts comment, vote, search and sign-in limits on its own until it is back");
        }
    }
}
