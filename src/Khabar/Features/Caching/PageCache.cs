using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Caching;

/// <summary>
/// Khabar's page cache: rendered public pages kept in memory, keyed by path and query, tagged by what they show
/// (<see cref="CacheTags"/>) and evicted exactly by the writes that change them. A hit is answered before any other
/// middleware runs (no routing, no authentication, no rendering); the stored bytes are compressed once with Brotli and
/// gzip and carry an ETag for 304s. Requests with a newsroom cookie or an Authorization header never read or fill it.
/// </summary>
public sealed class PageCache
{
    private readonly ConcurrentDictionary<string, CachedPage> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CachedPage>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ConcurrentDictionary<string, TagSet> _byTag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _evictSoon = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly long _maxBytes;
    private readonly int _maxEntries;
    private readonly long _lifetimeTicks;
    private long _bytes;
    private int _entries;
    private long _generation;
    private long _renders;

    private readonly ILogger<PageCache> _logger;

    public PageCache(IOptions<KhabarOptions> options, TimeProvider clock, ILogger<PageCache> logger, SharedPageStore? shared = null)
    {
        _logger = logger;
        Shared = shared;
        var settings = options.Value.OutputCache;
        _maxBytes = Math.Max(1, settings.MaxMegabytes) * 1024L * 1024L;
        _maxEntries = Math.Max(16, settings.MaxEntries);
        Lifetime = TimeSpan.FromSeconds(Math.Max(1, settings.LifetimeSeconds));
        _lifetimeTicks = (long)(Lifetime.TotalSeconds * clock.TimestampFrequency);
        _clock = clock;
        _lookup = _pages.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The Redis store shared by all nodes, when configured.</summary>
    public SharedPageStore? Shared { get; }

    /// <summary>How long a page is kept (Khabar:OutputCache:LifetimeSeconds); the clock for its Last-Modified.</summary>
    internal TimeSpan Lifetime { get; }

    internal DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Pages held now; the bytes charged to the budget for them (pages, keys, tag entries); tags with a page.</summary>
    public int Count => _pages.Count;
    public long Bytes => Interlocked.Read(ref _bytes);

    public int TagCount => _byTag.Count;

    /// <summary>The keys of one tag: a set that is dropped when its last key goes, under its own lock.</summary>
    private sealed class TagSet
    {
        public readonly HashSet<string> Keys = new(StringComparer.Ordinal);
        public bool Dropped;
    }

    /// <summary>Pages rendered to fill the cache since start (a stampede on one key counts once).</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>
    /// Removes every page carrying the tag here and in the shared store; the next request renders it again. The other
    /// nodes drop their copies when they hear the change on the change bus.
    /// </summary>
    public async ValueTask EvictAsync(string tag, CancellationToken ct = default)
    {
        EvictLocally(tag);
        if (Shared is not null)
        {
            try
            {
                await Shared.EvictAsync(tag, ct);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The write is committed; other nodes drop their copy when it expires.
                _logger.LogWarning(e, "Could not evict {Tag} from the shared page store", tag);
            }
        }
    }

    /// <summary>Drops this node's pages of the tag only.</summary>
    public void EvictLocally(string tag)
    {
        Interlocked.Increment(ref _generation);
        if (_byTag.TryRemove(tag, out var set))
        {
            string[] keys;
            lock (set)
            {
                set.Dropped = true;
                keys = [.. set.Keys];
            }

            foreach (var key in keys)
            {
                Remove(key);
            }
        }
    }

    /// <summary>Evicts the tag within a second or two instead of now: for writes that only move a counter (a comment
    /// awaiting review), so a flood of them does not keep the page from being cached.</summary>
    public void EvictSoon(string tag) => _evictSoon.TryAdd(tag, 0);

    /// <summary>Carries out the evictions <see cref="EvictSoon"/> deferred; called every second.</summary>
    public async Task FlushDeferredAsync()
    {
        foreach (var tag in _evictSoon.Keys)
        {
            _evictSoon.TryRemove(tag, out _);
            await EvictAsync(tag);
        }
    }

    internal bool TryGet(ReadOnlySpan<char> key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CachedPage? page)
    {
        if (_lookup.TryGetValue(key, out page))
        {
            if (page.ExpiresAt > _clock.GetTimestamp())
            {
                return true;
            }

            Remove(key.ToString(), page);
        }

        page = null;
        return false;
    }

    /// <summary>Drops every expired page (its bytes and tag entries go with it); the janitor calls it every few seconds.</summary>
    public int SweepExpired()
    {
        var now = _clock.GetTimestamp();
        var swept = 0;
        foreach (var (key, page) in _pages)
        {
            if (page.ExpiresAt <= now && Remove(key, page))
            {
                swept++;
            }
        }

        return swept;
    }

    internal long Generation => Interlocked.Read(ref _generation);

    /// <summary>One render per key at a time: a stampede on a missing page renders it once.</summary>
    internal SingleFlight<CachedPage?> Rendering { get; } = new();

    /// <summary>
    /// Stores a page unless an eviction ran while it was being rendered (it may show the old state). Its charge is its
    /// bytes, its key and an entry per tag; beyond the byte budget or the entry cap, half the pages go first.
    /// </summary>
    internal bool Store(string key, CachedPage page, long generationAtStart)
    {
        if (Generation != generationAtStart)
        {
            return false;
        }

        page.ExpiresAt = _clock.GetTimestamp() + _lifetimeTicks;
        page.Charged = page.Size + (key.Length * 2L) + 96 + page.Tags.Sum(t => (t.Length * 2L) + 96);
        if (page.Charged > _maxBytes / 4)
        {
            return false; // one page may not take a quarter of the budget
        }

        if (!Charge(page))
        {
            TrimHalf();
            if (!Charge(page))
            {
                return false;
            }
        }

        CachedPage? old = null;
        _pages.AddOrUpdate(key, page, (_, existing) =>
        {
            old = existing;
            return page;
        });
        if (old is not null && !ReferenceEquals(old, page))
        {
            // The page it replaces gives its charge back; its tag entries are the same key's, so they stay.
            Interlocked.Add(ref _bytes, -old.Charged);
            Interlocked.Decrement(ref _entries);
        }

        foreach (var tag in page.Tags)
        {
            while (true)
            {
                var set = _byTag.GetOrAdd(tag, static _ => new TagSet());
                lock (set)
                {
                    if (!set.Dropped)
                    {
                        set.Keys.Add(key);
                        break;
                    }
                }
            }
        }

        // An eviction that raced with the lines above must win: drop what was just added.
        if (Generation != generationAtStart)
        {
            Remove(key);
            return false;
        }

        return true;
    }

    /// <summary>Counts a page rendered to fill the cache (not one taken from the shared store).</summary>
    internal void CountRender() => Interlocked.Increment(ref _renders);

    /// <summary>Takes the page's charge and an entry, or nothing when either would go over its limit.</summary>
    private bool Charge(CachedPage page)
    {
        if (Interlocked.Add(ref _bytes, page.Charged) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -page.Charged);
            return false;
        }

        if (Interlocked.Increment(ref _entries) > _maxEntries)
        {
            Interlocked.Decrement(ref _entries);
            Interlocked.Add(ref _bytes, -page.Charged);
            return false;
        }

        return true;
    }

    private void Remove(string key)
    {
        if (_pages.TryGetValue(key, out var page))
        {
            Remove(key, page);
        }
    }

    /// <summary>Removes this page (not a newer one stored under the key since): its charge and its tag entries go.</summary>
    private bool Remove(string key, CachedPage page)
    {
        if (!_pages.TryRemove(new KeyValuePair<string, CachedPage>(key, page)))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, -page.Charged);
        Interlocked.Decrement(ref _entries);
        foreach (var tag in page.Tags)
        {
            if (_byTag.TryGetValue(tag, out var set))
            {
                lock (set)
                {
                    // Another page under the same key (stored since) keeps the key in the set.
                    if (!_pages.ContainsKey(key))
                    {
                        set.Keys.Remove(key);
                    }

                    if (set.Keys.Count == 0 && !set.Dropped)
                    {
                        set.Dropped = true;
                        _byTag.TryRemove(new KeyValuePair<string, TagSet>(tag, set));
                    }
                }
            }
        }

        return true;
    }

    private void TrimHalf()
    {
        var skip = true;
        foreach (var (key, page) in _pages)
        {
            if (!(skip = !skip))
            {
                Remove(key, page);
            }
        }
    }
}
