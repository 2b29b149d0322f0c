using StackExchange.Redis;

namespace Khabar.Features.Shared;

/// <summary>
/// The Redis server a multi-node site shares (<c>Khabar:Redis</c>, a StackExchange.Redis configuration string): the
/// change bus, the limits counted for every node, the shared page store. One connection per process. It never blocks
/// start-up nor fails a request when Redis is away: commands fail fast and their callers fall back to what this node
/// knows, and the connection comes back by itself (<see cref="Restored"/> tells who must catch up).
/// </summary>
public sealed class SiteRedis : IDisposable
{
    private readonly ILogger<SiteRedis> _logger;

    public SiteRedis(string configuration, string prefix, ILogger<SiteRedis> logger)
    {
        _logger = logger;
        Prefix = prefix;
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false; // start without Redis; reconnect in the background
        options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2000);
        options.SyncTimeout = Math.Min(options.SyncTimeout, 1000);
        options.AsyncTimeout = Math.Min(options.AsyncTimeout, 1000);
        options.ClientName ??= "khabar-" + Environment.MachineName + "-" + Environment.ProcessId;
        Multiplexer = ConnectionMultiplexer.Connect(options);
        Multiplexer.ConnectionFailed += (_, e) =>
            _logger.LogWarning("Redis connection lost ({Type}, {Failure}): this node counts limits alone and hears changes from the database's change log until it is back", e.ConnectionType, e.FailureType);
        Multiplexer.ConnectionRestored += (_, e) =>
        {
            _logger.LogInformation("Redis connection restored ({Type})", e.ConnectionType);
            if (e.ConnectionType == ConnectionType.Subscription)
            {
                Restored?.Invoke();
            }
        };
    }

    /// <summary>Prefix of every key and channel: the nodes of one site share it (<c>Khabar:OutputCache:RedisPrefix</c>).</summary>
    public string Prefix { get; }

    public IConnectionMultiplexer Multiplexer { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    /// <summary>Raised when the subscription connection comes back: whatever was published meanwhile never arrived.</summary>
    public event Action? Restored;

    /// <summary>The configured Redis, or null for a node that is a site on its own.</summary>
    public static string? Configured(IConfiguration configuration) =>
        configuration[$"{KhabarOptions.Section}:Redis"] is { Length: > 0 } value ? value : null;

    public void Dispose() => Multiplexer.Dispose();
}
