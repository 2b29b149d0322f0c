using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Khabar.Tests;

/// <summary>
/// The site as operators run it: `dotnet Khabar.dll` in its own process on its own SQLite file, started,
/// stopped, or killed with SIGKILL in the middle of its work.
/// </summary>
public sealed class KhabarProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private Process? _server;
    private string? _postgres;

    public KhabarProcess(string? database = null, Dictionary<string, string>? settings = null)
    {
        Folder = Directory.CreateTempSubdirectory("khabar-process-").FullName;
        Database = database ?? Path.Combine(Folder, "khabar.db");
        _environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Khabar"] = $"Data Source={Database}",
            ["Khabar__Demo"] = "false",
            ["Khabar__Comments__PerIpPerMinute"] = "1000000",
            ["Khabar__Comments__PerSecond"] = "0", // floods from one process test durability, not the ceiling (it has its own test)
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _environment[key] = value;
        }
    }

    public string Folder { get; }

    public string Database { get; }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Khabar.dll of the same configuration as this test assembly (.../bin/&lt;Configuration&gt;/net10.0/).</summary>
    public static string Dll()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(Repo.Root(), "src", "Khabar", "bin", configuration, "net10.0", "Khabar.dll");
        Assert.True(File.Exists(dll), dll);
        return dll;
    }

    private ProcessStartInfo Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs a verb (import, backup, admin create …) to its end.</summary>
    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Starts the server on a free loopback port and waits for /healthz.</summary>
    public async Task StartAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        }

        _server = Process.Start(Start(["--urls", BaseAddress.ToString().TrimEnd('/')]))!;
        // The last lines the server wrote, to say why when it stops before it answers.
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            said.Enqueue(line ?? "");
            _ = said.Count > 400 && said.TryDequeue(out _);
        }

        _server.OutputDataReceived += (_, e) => Keep(e.Data);
        _server.ErrorDataReceived += (_, e) => Keep(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_server.HasExited, $"the server exited with {(_server.HasExited ? _server.ExitCode : 0)}:\n{string.Join('\n', said)}");
            try
            {
                if ((await http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the server did not answer /healthz within 60 s");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks.</summary>
    public void Kill()
    {
        _server!.Kill(entireProcessTree: true);
        _server.WaitForExit();
    }

    /// <summary>A normal stop (SIGTERM), letting the host drain.</summary>
    public async Task StopAsync()
    {
        if (_server is { HasExited: false })
        {
            Process.Start("kill", ["-TERM", _server.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _server.WaitForExitAsync(timeout.Token);
        }
    }

    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null })
        {
            BaseAddress = BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>A two-column query (an id and a text) as a dictionary: the rows a test compares with what it was told.</summary>
    public static Dictionary<long, string> Rows(string database, string sql)
    {
        var rows = new Dictionary<long, string>();
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows[reader.GetInt64(0)] = reader.GetString(1);
        }

        return rows;
    }

    /// <summary>Runs this site on a database of the test PostgreSQL server (a node of a multi-node site, say).</summary>
    public void UsePostgres(string database) =>
        (_postgres, _environment["Khabar__Database__Provider"], _environment["ConnectionStrings__Khabar"]) = (database, "Postgres", TestDatabase.ConnectionString(database));

    /// <summary>Whether this site runs on a PostgreSQL database of its own (the suite's PostgreSQL run).</summary>
    public bool IsPostgres => _postgres is not null;

    /// <summary><see cref="Rows(string, string)"/> on this site's database, whichever it is (identifiers quoted, so one SQL text serves both).</summary>
    public Task<Dictionary<long, string>> RowsAsync(string sql) =>
        _postgres is null ? Task.FromResult(Rows(Database, sql)) : TestDatabase.RowsAsync(_postgres, sql);

    /// <summary>The first column of the first row of a query on this site's database.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        if (_postgres is not null)
        {
            return await TestDatabase.ScalarAsync(_postgres, sql);
        }

        using var connection = Open(Database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// After a kill: SQLite's own check of the file; on PostgreSQL (whose crash safety is the server's, not ours) that
    /// the killed process left no lock behind that would stall the next writer — its advisory locks gone within 10 s.
    /// </summary>
    public async Task<string> AfterKillCheckAsync()
    {
        if (_postgres is null)
        {
            return IntegrityCheck(Database);
        }

        var waited = Stopwatch.StartNew();
        while (await ScalarAsync("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()") > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return "an advisory lock of the killed process is still held";
            }

            await Task.Delay(50);
        }

        return "ok";
    }

    /// <summary>Waits until the condition holds, failing with <paramref name="what"/> when the deadline passes first.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < deadline, $"{what}: not within {deadline.TotalSeconds:F0} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Awaits the tasks, failing with <paramref name="what"/> instead of hanging when they do not end in time.</summary>
    public static async Task WithinAsync(IEnumerable<Task> tasks, TimeSpan deadline, string what)
    {
        var all = Task.WhenAll(tasks);
        var first = await Task.WhenAny(all, Task.Delay(deadline));
        Assert.True(ReferenceEquals(first, all), $"{what}: not within {deadline.TotalSeconds:F0} s");
        await all;
    }

    /// <summary>
    /// A site with the reference article imported through the CLI, not started yet: on its own SQLite file, or on the
    /// suite's PostgreSQL run (<see cref="TestDatabase"/>) when <paramref name="followTestDatabase"/>, on an empty
    /// PostgreSQL database of its own that its first command migrates.
    /// </summary>
    public static async Task<KhabarProcess> WithArticleAsync(bool followTestDatabase = false, Dictionary<string, string>? settings = null)
    {
        var site = new KhabarProcess(settings: settings);
        if (followTestDatabase && TestDatabase.IsPostgres)
        {
            site._postgres = "khabar_t_" + Guid.NewGuid().ToString("N");
            site._environment["Khabar__Database__Provider"] = "Postgres";
            site._environment["ConnectionStrings__Khabar"] = await TestDatabase.CreateEmptyAsync(site._postgres);
        }

        var file = Path.Combine(site.Folder, "article.jsonl");
        await File.WriteAllTextAsync(file, Samples.ReferenceArticle() + "\n");
        var (exit, _, err) = await site.RunAsync("import", file);
        Assert.True(exit == 0, err);
        return site;
    }

    public static string IntegrityCheck(string database)
    {
        using var connection = Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            Kill();
        }

        _server?.Dispose();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await TestDatabase.DropAsync(_postgres);
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }
}
