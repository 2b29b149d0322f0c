using System.Globalization;
using StackExchange.Redis;

namespace Khabar.Features.Shared;

/// <summary>
/// The change bus between the nodes of a site: every change a node (or the CLI) records in the change log is also
/// published on the site's Redis channel, and every node applies the others' at once, instead of at its next look at
/// the log a second later. The log stays the record: a node that missed messages (Redis away, or restarted) catches
/// up from it, and a change heard both ways is applied once (<see cref="ContentChanges.HearAsync"/>).
/// </summary>
public sealed class RedisChangeRelay(SiteRedis redis, ILogger<RedisChangeRelay> logger)
{
    private readonly RedisChannel _channel = RedisChannel.Literal(redis.Prefix + "changes");

    /// <summary>Publishes changes recorded in the log (with their row ids); a failure is logged, the log still has them.</summary>
    public async Task PublishAsync(string origin, IEnumerable<(ContentChange Change, long Id)> changes)
    {
        if (!redis.IsConnected)
        {
            return; // the other nodes read them from the log within a second or two
        }

        try
        {
            var subscriber = redis.Multiplexer.GetSubscriber();
            foreach (var (change, id) in changes)
            {
                await subscriber.PublishAsync(_channel, Format(origin, change, id));
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish changes on Redis; the other nodes read them from the change log");
        }
    }

    /// <summary>Calls <paramref name="heard"/> for every change published by any process of the site (this one included).</summary>
    public void Subscribe(Func<string, ContentChange, long, Task> heard) =>
        redis.Multiplexer.GetSubscriber().Subscribe(_channel, (channel, message) =>
        {
            if (Parse(message) is { } m)
            {
                _ = heard(m.Origin, m.Change, m.Id);
            }
        });

    /// <summary>Raised when the subscription comes back after a loss: the node must forget what it may have missed.</summary>
    public event Action Restored
    {
        add => redis.Restored += value;
        remove => redis.Restored -= value;
    }

    internal static string Format(string origin, ContentChange change, long id) => string.Create(CultureInfo.InvariantCulture,
        $"{origin} {(int)change.Kind} {change.ArticleCode} {id}");

    internal static (string Origin, ContentChange Change, long Id)? Parse(RedisValue message)
    {
        var parts = message.ToString().Split(' ');
        return parts.Length == 4
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((ChangeKind)kind)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? (parts[0], new ContentChange((ChangeKind)kind, code), id)
            : null;
    }
}
