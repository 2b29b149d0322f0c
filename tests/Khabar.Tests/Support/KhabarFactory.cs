using System.Net;
using System.Text;
using Khabar.Features.Import;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests;

/// <summary>
/// The real app on a fresh database of its own, deleted afterwards: a SQLite file, or on the suite's PostgreSQL run
/// (<see cref="TestDatabase"/>) a PostgreSQL database — unless the test names a SQLite file itself.
/// </summary>
public sealed class KhabarFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "khabar-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgres;

    public KhabarFactory(Dictionary<string, string?>? settings = null, FakeTimeProvider? clock = null)
    {
        Clock = clock;
        Directory.CreateDirectory(_folder);
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(_folder, "khabar.db")}",
            ["Khabar:Demo"] = "false",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        if (TestDatabase.IsPostgres && settings?.ContainsKey("ConnectionStrings:Khabar") != true)
        {
            _postgres = "khabar_t_" + Guid.NewGuid().ToString("N");
            _settings["ConnectionStrings:Khabar"] = TestDatabase.CreateAsync(_postgres).GetAwaiter().GetResult();
            _settings["Khabar:Database:Provider"] = "Postgres";
            _settings["Khabar:Media:Path"] = Path.Combine(_folder, "media");
        }
    }

    /// <summary>Whether this factory's site runs on PostgreSQL.</summary>
    public bool OnPostgres => _postgres is not null;

    /// <summary>When set, the app's TimeProvider: tests move time by hand.</summary>
    public FakeTimeProvider? Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Clock is not null)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>The site's own folder (database, media); import files are written here, so files they name sit beside them.</summary>
    public string Folder => _folder;

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Imports JSON lines through the same importer as `khabar import`.</summary>
    public async Task<ImportReport> ImportAsync(params string[] lines)
    {
        _ = Services;
        var file = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".jsonl");
        await File.WriteAllTextAsync(file, string.Join('\n', lines), Encoding.UTF8);
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArticleImporter>().ImportFileAsync(file, CancellationToken.None);
    }

    public async Task<T> WithDbAsync<T>(Func<Storage.NewsDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Storage.NewsDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await TestDatabase.DropAsync(_postgres);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Http
{
    public static FormUrlEncodedContent Form(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public static async Task<string> HtmlAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {expected}, got {response.StatusCode}\n{body[..Math.Min(body.Length, 500)]}");
        return body;
    }
}

/// <summary>Test articles, written for these tests.</summary>
public static class Samples
{
    public const long Code = 7001;

    /// <summary>The reference case: published 2022-04-19T08:30Z, one published comment from the Netherlands at 17:40Z.</summary>
    public static string ReferenceArticle(long code = Code) => $$"""
        {"code":{{code}},"service":"سیاسي","rotitr":"گزارش ويژه","title":"بررسی طرح تازه نامهای شهری در شوراي شهر","lead":"شورای شهر طرح تازه\u200Cای را بررسی کرد.","body":"<p>متن نخست خبر در سال 2022.</p><p onclick=\"x()\">بند دوم<script>alert(1)</script></p>","tags":["شورای شهر","مديريت شهری"],"source":"خبرنگار","published_at":"2022-04-19T08:30:00Z","comments":[{"name":"7891","email":"a@example.com","text":"پيگیری فوری مستدعیست.","ip":"145.97.0.1","created_at":"2022-04-19T17:40:00Z","status":"published"},{"name":"رد","email":"","text":"نظر ردشده","ip":"5.160.0.1","created_at":"2022-04-19T18:00:00Z","status":"rejected"}]}
        """.ReplaceLineEndings("");

    public static string Article(long code, string title, string service = "اقتصادی", string publishedAt = "2024-01-10T10:00:00Z", string tags = "[]") =>
        $$"""{"code":{{code}},"service":"{{service}}","title":"{{title}}","lead":"لید {{title}}","body":"بند اول\nبند دوم","tags":{{tags}},"published_at":"{{publishedAt}}"}""";
}

public static class Repo
{
    /// <summary>The repository's root folder (the one holding Khabar.slnx), found from the test assembly.</summary>
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Khabar.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("Khabar.slnx not found above " + AppContext.BaseDirectory);
    }
}
