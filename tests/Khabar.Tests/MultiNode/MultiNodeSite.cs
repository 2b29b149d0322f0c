namespace Khabar.Tests.MultiNode;

/// <summary>
/// A site of two nodes as deploy/README.md sets one up: two Khabar processes on one PostgreSQL database (an empty one
/// of the test server), one Redis server of their own, nginx in front with deploy/nginx/khabar.conf, a media folder
/// both share — the settings the issue names, nothing more (a test adds the data-protection secret where it wants it).
/// </summary>
public sealed class MultiNodeSite : IAsyncDisposable
{
    private MultiNodeSite(string database, RedisServer redis, KhabarProcess a, KhabarProcess b, string media)
        => (Database, Redis, A, B, Media) = (database, redis, a, b, media);

    public string Database { get; }

    public RedisServer Redis { get; }

    public KhabarProcess A { get; }

    public KhabarProcess B { get; }

    public string Media { get; }

    public NginxFront Front { get; private set; } = null!;

    /// <summary>Both nodes started at the same moment on the empty database, then nginx in front of them.</summary>
    public static async Task<MultiNodeSite> StartAsync(Dictionary<string, string>? settings = null)
    {
        var database = "khabar_mn_" + Guid.NewGuid().ToString("N");
        await TestDatabase.CreateEmptyAsync(database);
        var redis = await RedisServer.StartAsync();
        var media = Directory.CreateTempSubdirectory("khabar-shared-media-").FullName;
        var frontPort = FreePort.Next();
        var all = new Dictionary<string, string>
        {
            ["Khabar__Redis"] = redis.Configuration,
            ["Khabar__OutputCache__Store"] = "Redis",
            ["Khabar__OutputCache__RedisPrefix"] = $"khabar-mn-{Guid.NewGuid():N}:",
            ["Khabar__BaseUrl"] = $"http://127.0.0.1:{frontPort}",
            ["Khabar__Media__Path"] = media,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var a = new KhabarProcess(settings: all);
        var b = new KhabarProcess(settings: all);
        a.UsePostgres(database);
        b.UsePostgres(database);
        var site = new MultiNodeSite(database, redis, a, b, media);
        await KhabarProcess.WithinAsync([a.StartAsync(), b.StartAsync()], TimeSpan.FromSeconds(90), "two nodes starting together");
        site.Front = await NginxFront.StartAsync(frontPort, [a.BaseAddress, b.BaseAddress]);
        return site;
    }

    /// <summary>An editor's (or another role's) API token, made with the CLI on node A's settings.</summary>
    public async Task<string> TokenAsync(string role, string email)
    {
        var created = await A.RunAsync("admin", "create", "--email", email, "--password", Newsroom.Staff.Password, "--role", role);
        Assert.True(created.Exit == 0, created.Err);
        var token = await A.RunAsync("token", "create", "--email", email);
        Assert.True(token.Exit == 0, token.Err);
        return token.Out.TrimEnd().Split('\n')[^1].Trim();
    }

    /// <summary>Imports JSON lines through the CLI (on node A's settings, as an operator on that machine would).</summary>
    public async Task ImportAsync(params string[] lines)
    {
        var file = Path.Combine(A.Folder, $"import-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        var imported = await A.RunAsync("import", file);
        Assert.True(imported.Exit == 0, imported.Err);
    }

    public async ValueTask DisposeAsync()
    {
        await Front.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(Media, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
