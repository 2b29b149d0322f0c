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
    public async Task PublishAsync(string origin, DateTime at, IEnumerable<(ContentChange Change, long Id)> changes)
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
                await subscriber.PublishAsync(_channel, Format(origin, change, id, at));
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            logger.LogWarning(e, "Could not publish changes on Redis; the other nodes read them from the change log");
        }
    }

    /// <summary>Calls <paramref name="heard"/> for every change published by any process of the site (this one included).</summary>
    public void Subscribe(Func<string, ContentChange, long, DateTime, Task> heard) =>
        redis.Multiplexer.GetSubscriber().Subscribe(_channel, (channel, message) =>
        {
            if (Parse(message) is { } m)
            {
                _ = heard(m.Origin, m.Change, m.Id, m.At);
            }
        });

    /// <summary>Raised when the subscription comes back after a loss: the node must forget what it may have missed.</summary>
    public event Action Restored
    {
        add => redis.Restored += value;
        remove => redis.Restored -= value;
    }

    /// <summary>"origin kind code id ticks": who, what, its row in the log, when it was recorded (UTC ticks: the lag metric).</summary>
    internal static string Format(string origin, ContentChange change, long id, DateTime at) => string.Create(CultureInfo.InvariantCulture,
        $"{origin} {(int)change.Kind} {change.ArticleCode} {id} {at.Ticks}");

    internal static (string Origin, ContentChange Change, long Id, DateTime At)? Parse(RedisValue message)
    {
        var parts = message.ToString().Split(' ');
        return parts.Length == 5
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kind) && Enum.IsDefined((ChangeKind)kind)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            ? (parts[0], new ContentChange((ChangeKind)kind, code), id, new DateTime(ticks, DateTimeKind.Utc))
            : null;
    }
}
