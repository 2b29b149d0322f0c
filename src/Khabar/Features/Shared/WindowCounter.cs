namespace Khabar.Features.Shared;

/// <summary>
/// A fixed-window counter per key (an address, an email): at most <c>permits</c> per window. One small entry per key
/// seen in the current window and no timer (System.Threading.RateLimiting's partitioned limiter keeps a limiter object
/// per key and visits them all ten times a second, which a comment flood with one address per request turned into the
/// bottleneck and 100 MB of memory). The table is bounded: at <see cref="MaxKeys"/> entries it drops the expired ones,
/// then the keys used once (a flood of new addresses leaves nothing else, and forgetting one use costs nothing), then
/// every key under its limit — never a key over its limit, which keeps being refused until its window ends.
/// </summary>
/// With <see cref="SharedLimits"/> (a site of several nodes on Redis) the async methods count for the whole site under
/// <c>name</c>, and fall back to this table when Redis cannot be reached.
public sealed class WindowCounter(int permits, TimeSpan window, TimeProvider clock, int maxKeys = WindowCounter.DefaultMaxKeys, SharedLimits? shared = null, string name = "")
{
    public const int DefaultMaxKeys = 50_000;
    private readonly int _permits = Math.Max(1, permits);
    private readonly long _window = window.Ticks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private int _sweeping;

    // Keys held, kept by hand: ConcurrentDictionary.Count takes every one of the table's locks, and asked on every
    // comment it made the comment flood of bench/run wait on those locks (a third of the samples in a profile).
    // Counted when a key is added and set from the table after each sweep, so it is exact but for adds racing a sweep.
    private int _keys;

    private sealed class Slot
    {
        public long Start;
        public int Count;
    }

    public int MaxKeys { get; } = Math.Max(16, maxKeys);

    /// <summary>Keys held now (for tests and diagnostics).</summary>
    public int Count => _slots.Count;

    /// <summary>The wait as an HTTP Retry-After header: whole seconds, at least one.</summary>
    public static void SetRetryAfter(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow().UtcTicks;
        if (Volatile.Read(ref _keys) >= MaxKeys && Interlocked.Exchange(ref _sweeping, 1) == 0)
        {
            try
            {
                Sweep(now);
            }
            finally
            {
                Volatile.Write(ref _sweeping, 0);
            }
        }

        if (!_slots.TryGetValue(key, out var slot))
        {
            var added = new Slot();
            slot = _slots.GetOrAdd(key, added);
            if (ReferenceEquals(slot, added))
            {
                Interlocked.Increment(ref _keys);
            }
        }

        lock (slot)
        {
            if (now - slot.Start >= _window)
            {
                slot.Start = now;
                slot.Count = 0;
            }

            if (slot.Count < _permits)
            {
                slot.Count++;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromTicks(slot.Start + _window - now);
            return false;
        }
    }

    /// <summary>Whether the key has used all its permits in the current window, without taking one.</summary>
    public bool IsExhausted(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetUtcNow().UtcTicks;
        retryAfter = TimeSpan.Zero;
        if (!_slots.TryGetValue(key, out var slot))
        {
            return false;
        }

        lock (slot)
        {
            if (now - slot.Start >= _window || slot.Count < _permits)
            {
                return false;
            }

            retryAfter = TimeSpan.FromTicks(slot.Start + _window - now);
            return true;
        }
    }

    /// <summary>Forgets the key (a successful sign-in clears its failures).</summary>
    public void Reset(string key)
    {
        if (_slots.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _keys);
        }
    }

    /// <summary>A site-wide counter under <paramref name="name"/> when <paramref name="shared"/> counts in Redis; this node's otherwise.</summary>
    public WindowCounter(int permits, TimeSpan window, TimeProvider clock, SharedLimits? shared, string name)
        : this(permits, window, clock, DefaultMaxKeys, shared, name)
    {
    }

    /// <summary><see cref="TryTake"/> for the whole site (Redis), or for this node when it counts alone.</summary>
    public async ValueTask<(bool Allowed, TimeSpan RetryAfter)> TakeAsync(string key)
    {
        if (shared is not null)
        {
            var (counted, allowed, wait) = await shared.TryTakeAsync(name, key, _permits, window);
            if (counted)
            {
                return (allowed, wait);
            }
        }

        var ok = TryTake(key, out var retryAfter);
        return (ok, retryAfter);
    }

    /// <summary><see cref="IsExhausted"/> for the whole site (Redis), or for this node when it counts alone.</summary>
    public async ValueTask<(bool Exhausted, TimeSpan RetryAfter)> ExhaustedAsync(string key)
    {
        if (shared is not null)
        {
            var (counted, exhausted, wait) = await shared.IsExhaustedAsync(name, key, _permits);
            if (counted)
            {
                return (exhausted, wait);
            }
        }

        var spent = IsExhausted(key, out var retryAfter);
        return (spent, retryAfter);
    }

    /// <summary><see cref="Reset"/> here and, on a site of several nodes, in Redis.</summary>
    public async ValueTask ResetAsync(string key)
    {
        Reset(key);
        if (shared is not null)
        {
            await shared.ResetAsync(name, key);
        }
    }

    /// <summary>Brings the table down to half its bound, so the next sweep is <see cref="MaxKeys"/>/2 keys away.</summary>
    private void Sweep(long now)
    {
        var target = MaxKeys / 2;
        foreach (var (key, slot) in _slots)
        {
            if (now - Volatile.Read(ref slot.Start) >= _window)
            {
                _slots.TryRemove(key, out _);
            }
        }

        if (_slots.Count > target)
        {
            foreach (var (key, slot) in _slots)
            {
                if (Volatile.Read(ref slot.Count) <= 1)
                {
                    _slots.TryRemove(key, out _);
                }
            }
        }

        // Still too many: every key that has not reached its limit goes. A key over its limit stays until its window
        // ends, so a flood of new keys can never wipe out a refusal (the table then holds at most what the flood's own
        // requests could fill within one window).
        if (_slots.Count > target)
        {
            foreach (var (key, slot) in _slots)
            {
                if (Volatile.Read(ref slot.Count) < _permits)
                {
                    _slots.TryRemove(key, out _);
                }
            }
        }

        Volatile.Write(ref _keys, _slots.Count);
    }
}
