namespace Khabar;

/// <summary>The `Khabar` configuration section (appsettings.json or environment `Khabar__…`).</summary>
public sealed class KhabarOptions
{
    public const string Section = "Khabar";

    public string SiteName { get; set; } = "خبر";

    /// <summary>Public origin, e.g. https://khabar.example; used for absolute links and the same-origin check.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Seed demo content into an empty database.</summary>
    public bool Demo { get; set; }

    /// <summary>StackExchange.Redis configuration string (e.g. 127.0.0.1:6379), used when OutputCache:Store is Redis.</summary>
    public string? Redis { get; set; }

    public DatabaseOptions Database { get; set; } = new();

    public GeoIpOptions GeoIp { get; set; } = new();

    public OutputCacheSettings OutputCache { get; set; } = new();

    public CommentSettings Comments { get; set; } = new();

    public VoteSettings Votes { get; set; } = new();

    /// <summary>Sign-in attempts to the newsroom from one IP address per minute (beyond them: 429).</summary>
    public int LoginPerIpPerMinute { get; set; } = 10;

    /// <summary>Extra proxy addresses whose X-Forwarded-For is honoured (loopback always is).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Searches per address per minute that the page cache does not answer (0: no limit).</summary>
    public int SearchPerIpPerMinute { get; set; } = 30;

    /// <summary>Seconds between autosaves of the article editor (when something changed).</summary>
    public int EditorAutosaveSeconds { get; set; } = 20;

    public sealed class DatabaseOptions
    {
        public string Provider { get; set; } = "Sqlite";
    }

    public sealed class GeoIpOptions
    {
        /// <summary>An .mmdb country database; relative paths are resolved against the app folder. Empty: geoip/country.mmdb.</summary>
        public string? Path { get; set; }
    }

    public sealed class OutputCacheSettings
    {
        public bool Enabled { get; set; } = true;

        /// <summary>Memory the page cache may hold (all encodings together) before it drops half its pages.</summary>
        public int MaxMegabytes { get; set; } = 64;

        /// <summary>Pages the cache may hold, whatever their size (besides the byte budget).</summary>
        public int MaxEntries { get; set; } = 20_000;

        /// <summary>How long a page is served from the cache when no write evicts it first.</summary>
        public int LifetimeSeconds { get; set; } = 600;

        /// <summary>Memory (one node) or Redis (pages shared by every node through Khabar:Redis; evictions reach every node on the change bus).</summary>
        public string Store { get; set; } = "Memory";

        /// <summary>Prefix of the Redis keys and of the change-bus channel: nodes of one site share it.</summary>
        public string RedisPrefix { get; set; } = "khabar:";
    }

    public sealed class CommentSettings
    {
        /// <summary>Comments accepted from one IP address per minute, form and API together.</summary>
        public int PerIpPerMinute { get; set; } = 30;

        /// <summary>Comments accepted with one email address per hour, form and API together.</summary>
        public int PerEmailPerHour { get; set; } = 20;

        /// <summary>Comments accepted per second from everyone together (0: no ceiling), to keep the writer ahead.</summary>
        public int PerSecond { get; set; } = 1000;
    }

    public sealed class VoteSettings
    {
        /// <summary>Votes from one address on one comment per day (one per visitor as well).</summary>
        public int PerAddressPerComment { get; set; } = 3;

        /// <summary>Votes from one address per hour, on all comments together.</summary>
        public int PerAddressPerHour { get; set; } = 120;
    }
}
