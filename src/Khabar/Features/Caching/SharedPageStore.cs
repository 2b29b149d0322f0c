using System.Text;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Khabar.Features.Caching;

/// <summary>
/// The page cache shared by several nodes (<c>Khabar:OutputCache:Store = Redis</c>): a page rendered on one node is
/// served by the others; an eviction removes the tag's pages from Redis. Each node still answers hits from its own
/// memory, and drops those copies when it hears the change on the change bus (Shared.RedisChangeRelay).
/// <para>
/// A page rendered from data older than an eviction never enters the store: the lookup that misses also reads Redis's
/// clock (one script, one round trip), an eviction stamps its tag with Redis's clock before it deletes the tag's pages,
/// and a page is written by a script that refuses it when any of its tags was stamped since its render began. Both
/// scripts run whole, so either the eviction comes first (and the write is refused) or the write does (and the
/// eviction deletes it). Keys: <c>{prefix}page:{key}</c>, <c>{prefix}tag:{tag}</c> (the tag's page keys),
/// <c>{prefix}evicted:{tag}</c> (its last eviction, kept as long as a page lives). A standalone Redis (or Sentinel),
/// not Redis Cluster: an eviction deletes keys it finds in the tag's set.
/// </para>
/// </summary>
public sealed class SharedPageStore
{
    private const int FormatVersion = 1;

    // KEYS[1] page. Returns {page or false, Redis time in µs}.
    private const string GetScript = """
        local t = redis.call('TIME')
        return {redis.call('GET', KEYS[1]), tonumber(t[1]) * 1000000 + tonumber(t[2])}
        """;

    // KEYS[1] page, then n eviction stamps, then n tag sets. ARGV: bytes, lifetime ms, render start µs, n.
    private const string SetScript = """
        local n = tonumber(ARGV[4])
        for i = 2, n + 1 do
            local stamp = redis.call('GET', KEYS[i])
            if stamp and tonumber(stamp) >= tonumber(ARGV[3]) then return 0 end
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        for i = n + 2, 2 * n + 1 do
            redis.call('SADD', KEYS[i], KEYS[1])
            redis.call('PEXPIRE', KEYS[i], ARGV[2])
        end
        return 1
        """;

    // KEYS[1] eviction stamp, KEYS[2] tag set. ARGV: how long to keep the stamp (ms). Returns the pages deleted.
    private const string EvictScript = """
        local t = redis.call('TIME')
        redis.call('SET', KEYS[1], tonumber(t[1]) * 1000000 + tonumber(t[2]), 'PX', ARGV[1])
        local pages = redis.call('SMEMBERS', KEYS[2])
        for _, page in ipairs(pages) do redis.call('DEL', page) end
        redis.call('DEL', KEYS[2])
        return #pages
        """;

    private readonly IDatabase _db;
    private readonly string _prefix;
    private readonly long _stampMilliseconds;

    public SharedPageStore(IConnectionMultiplexer redis, string instance, TimeSpan lifetime)
    {
        _db = redis.GetDatabase();
        _prefix = instance;
        // A stamp must outlive every render that began before it, and any page it may refuse: the lifetime and a minute.
        _stampMilliseconds = (long)(lifetime + TimeSpan.FromMinutes(1)).TotalMilliseconds;
    }

    /// <summary>The page when the store has it; with Redis's clock now, which a render after a miss hands to <see cref="SetAsync"/>.</summary>
    public async ValueTask<(CachedPage? Page, long Clock)> GetAsync(string key)
    {
        var result = (RedisResult[])(await _db.ScriptEvaluateAsync(GetScript, [PageKey(key)]))!;
        var bytes = (byte[]?)result[0];
        return (bytes is null ? null : Read(bytes), (long)result[1]);
    }

    /// <summary>Stores the page unless one of its tags was evicted since <paramref name="renderedSince"/> (Redis's clock).</summary>
    public async ValueTask<bool> SetAsync(string key, CachedPage page, TimeSpan lifetime, long renderedSince)
    {
        var keys = new RedisKey[1 + (2 * page.Tags.Length)];
        keys[0] = PageKey(key);
        for (var i = 0; i < page.Tags.Length; i++)
        {
            keys[1 + i] = _prefix + "evicted:" + page.Tags[i];
            keys[1 + page.Tags.Length + i] = _prefix + "tag:" + page.Tags[i];
        }

        var stored = await _db.ScriptEvaluateAsync(SetScript, keys,
            [Write(page), (long)lifetime.TotalMilliseconds, renderedSince, page.Tags.Length]);
        return (long)stored == 1;
    }

    /// <summary>Drops the tag's pages from Redis (and stamps the tag, so a render begun before now is not stored).</summary>
    public async ValueTask EvictAsync(string tag, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await _db.ScriptEvaluateAsync(EvictScript, [_prefix + "evicted:" + tag, _prefix + "tag:" + tag], [_stampMilliseconds]);
    }

    private RedisKey PageKey(string key) => _prefix + "page:" + key;

    internal static byte[] Write(CachedPage page)
    {
        using var stream = new MemoryStream(page.Identity.Length + page.Brotli.Length + page.Gzip.Length + 1024);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write(page.Headers.Length);
            foreach (var (name, values) in page.Headers)
            {
                writer.Write(name);
                writer.Write(values.ToString());
            }

            writer.Write(page.ETag);
            writer.Write(page.LastModified);
            writer.Write(page.Tags.Length);
            foreach (var tag in page.Tags)
            {
                writer.Write(tag);
            }

            foreach (var body in new[] { page.Identity, page.Brotli, page.Gzip })
            {
                writer.Write(body.Length);
                writer.Write(body);
            }
        }

        return stream.ToArray();
    }

    internal static CachedPage? Read(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadInt32() != FormatVersion)
        {
            return null;
        }

        var headers = new KeyValuePair<string, StringValues>[reader.ReadInt32()];
        for (var i = 0; i < headers.Length; i++)
        {
            headers[i] = new KeyValuePair<string, StringValues>(reader.ReadString(), reader.ReadString());
        }

        var etag = reader.ReadString();
        var lastModified = reader.ReadString();
        var tags = new string[reader.ReadInt32()];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = reader.ReadString();
        }

        byte[] Body() => reader.ReadBytes(reader.ReadInt32());
        var bare = etag.Trim('"');
        return new CachedPage
        {
            Headers = headers,
            ETag = etag,
            ETagBrotli = $"\"{bare}-br\"",
            ETagGzip = $"\"{bare}-gz\"",
            LastModified = lastModified,
            Tags = tags,
            Identity = Body(),
            Brotli = Body(),
            Gzip = Body(),
        };
    }
}
