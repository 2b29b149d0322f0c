using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Khabar.Features.Caching;

/// <summary>
/// The page cache shared by several nodes (<c>Khabar:OutputCache:Store = Redis</c>): pages are kept in the
/// ASP.NET Core Redis output-cache store (tags included), so a page rendered on one node is served by the
/// others; an eviction removes the tag from Redis and is published on a channel so every node drops its
/// in-memory copies at once. Each node still answers hits from its own memory.
/// </summary>
public sealed class SharedPageStore : IDisposable
{
    private const int FormatVersion = 1;
    private readonly IOutputCacheStore _store;
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;

    public SharedPageStore(IOutputCacheStore store, IConnectionMultiplexer redis, string instance)
    {
        _store = store;
        _subscriber = redis.GetSubscriber();
        _channel = RedisChannel.Literal(instance + "evict");
    }

    /// <summary>Runs <paramref name="evictLocally"/> for every tag any node evicts (this one included).</summary>
    public void Subscribe(Action<string> evictLocally) =>
        _subscriber.Subscribe(_channel, (_, tag) =>
        {
            if (tag.HasValue)
            {
                evictLocally(tag.ToString());
            }
        });

    public async ValueTask<CachedPage?> GetAsync(string key, CancellationToken ct)
    {
        var bytes = await _store.GetAsync(key, ct);
        return bytes is null ? null : Read(bytes);
    }

    public ValueTask SetAsync(string key, CachedPage page, TimeSpan lifetime, CancellationToken ct) =>
        _store.SetAsync(key, Write(page), page.Tags, lifetime, ct);

    /// <summary>Drops the tag's pages from Redis and, when <paramref name="publish"/>, tells every node to drop its copies.</summary>
    public async ValueTask EvictAsync(string tag, bool publish, CancellationToken ct)
    {
        await _store.EvictByTagAsync(tag, ct);
        if (publish)
        {
            await _subscriber.PublishAsync(_channel, tag);
        }
    }

    public void Dispose() => _subscriber.UnsubscribeAll();

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
