using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Khabar.Tests.Cli;

/// <summary>The verbs as outside tools call them: `dotnet Khabar.dll &lt;verb&gt;` in a separate process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("khabar-cli-").FullName;

    private static string KhabarDll()
    {
        var dir = new DirectoryInfo(Repo.Root());
        // Same configuration as this test assembly: .../bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(dir.FullName, "src", "Khabar", "bin", configuration, "net10.0", "Khabar.dll");
        Assert.True(File.Exists(dll), dll);
        return dll;
    }

    private Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    private async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        start.ArgumentList.Add(KhabarDll());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "data", "khabar.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Import_FileWithBadLines_ExitsNonZeroNamesTheLinesAndImportsNothing()
    {
        var file = Path.Combine(_folder, "news.jsonl");
        await File.WriteAllLinesAsync(file, [Samples.Article(1, "خبر سالم"), "{\"service\":\"سیاسی\"}", "[oops"]);
        var (exit, _, err) = await RunAsync("import", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("news.jsonl:2: title is required", err);
        Assert.Contains("news.jsonl:3: invalid JSON", err);
        Assert.Equal(0, Count("Articles"));
    }

    [Fact]
    public async Task Import_LeavesPlannerStatisticsForTheTablesItFilled()
    {
        // Without sqlite_stat1 the planner read the whole (Status, PublishedAt) index for five suggested articles.
        var file = Path.Combine(_folder, "news.jsonl");
        await File.WriteAllLinesAsync(file, [Samples.ReferenceArticle(), Samples.Article(2, "خبر دوم"), Samples.Article(3, "خبر سوم")]);
        var (exit, _, err) = await RunAsync("import", file);
        Assert.True(exit == 0, err);
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "data", "khabar.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stat FROM sqlite_stat1 WHERE tbl = 'Articles' AND idx = 'IX_Articles_Code'";
        Assert.StartsWith("3 1", (string)command.ExecuteScalar()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ThenAgain_CreatesOnceAndBackupCopiesIt()
    {
        var file = Path.Combine(_folder, "news.jsonl");
        await File.WriteAllTextAsync(file, Samples.ReferenceArticle() + "\n");
        var first = await RunAsync("import", file);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("imported 1 new", first.Out);
        var second = await RunAsync("import", file);
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("0 new and 1 updated", second.Out);
        Assert.Equal(1, Count("Articles"));
        Assert.Equal(2, Count("Comments"));

        var backup = Path.Combine(_folder, "copy.db");
        var (exit, _, err) = await RunAsync("backup", backup);
        Assert.True(exit == 0, err);
        using var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Title FROM Articles";
        Assert.Equal("بررسی طرح تازه نامهای شهری در شورای شهر", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task AdminCreate_TakesThePasswordFromStdinOrMakesOne_NeverFromTheCommandLine()
    {
        var generated = await RunAsync("admin", "create", "--email", "first@newsroom.test", "--generate", "--if-missing");
        Assert.True(generated.Exit == 0, generated.Err);
        var password = System.Text.RegularExpressions.Regex.Match(generated.Out, "^password: (\\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline).Groups[1].Value;
        Assert.Matches("^[A-Za-z0-9]{16}[0-9]$", password);

        // A second run leaves the account and shows no password: it was shown once, on the run that made it.
        var again = await RunAsync("admin", "create", "--email", "first@newsroom.test", "--generate", "--if-missing");
        Assert.Equal(0, again.Exit);
        Assert.DoesNotContain("password:", again.Out);

        var fromStdin = await RunWithInputAsync("from-stdin-pass-4", "admin", "create", "--email", "second@newsroom.test", "--password-stdin", "--role", "editor");
        Assert.True(fromStdin.Exit == 0, fromStdin.Err);

        await using var factory = new KhabarFactory(new() { ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(_folder, "data", "khabar.db")}" });
        foreach (var (email, secret) in new[] { ("first@newsroom.test", password), ("second@newsroom.test", "from-stdin-pass-4") })
        {
            var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await Newsroom.Staff.LoginAsync(client, email, secret)).StatusCode);
        }

        var script = await File.ReadAllTextAsync(Path.Combine(Repo.Root(), "scripts", "run"));
        Assert.DoesNotContain("--password \"", script);
        Assert.DoesNotContain("first-admin-password", script);
    }

    [Fact]
    public async Task AdminCreateThenTokenCreate_GivesATokenThatOpensTheModerationApi()
    {
        var created = await RunAsync("admin", "create", "--email", "desk@newsroom.test", "--password", "short");
        Assert.Equal(1, created.Exit);
        Assert.Contains("گذرواژه باید دست\u200Cکم ۱۰ نویسه باشد.", created.Err);

        created = await RunAsync("admin", "create", "--email", "desk@newsroom.test", "--password", "long-enough-9", "--role", "moderator");
        Assert.True(created.Exit == 0, created.Err);
        var wrongRole = await RunAsync("admin", "create", "--email", "x@newsroom.test", "--password", "long-enough-9", "--role", "janitor");
        Assert.NotEqual(0, wrongRole.Exit);

        var (exit, output, err) = await RunAsync("token", "create", "--email", "desk@newsroom.test");
        Assert.True(exit == 0, err);
        var token = output.TrimEnd().Split('\n')[^1].Trim();
        Assert.StartsWith("khb_", token);
        Assert.Equal(1, Count("ApiTokens"));

        await using var factory = new KhabarFactory(new() { ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(_folder, "data", "khabar.db")}" });
        var client = factory.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/api/v1/moderation/comments")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.GetAsync("/newsroom/articles")).StatusCode);

        var unknown = await RunAsync("token", "create", "--email", "nobody@newsroom.test");
        Assert.NotEqual(0, unknown.Exit);
    }

    [Fact]
    public async Task SeedBench_AddsSearchableArticlesAndComments()
    {
        var (exit, output, err) = await RunAsync("seed-bench", "--articles", "300", "--comments", "900");
        Assert.True(exit == 0, err);
        Assert.Contains("seeded 300 articles and 900 comments", output);
        Assert.Equal(300, Count("Articles"));
        Assert.Equal(900, Count("Comments"));
        Assert.Equal(300, Count("ArticleSearch"));
        var reindex = await RunAsync("reindex");
        Assert.True(reindex.Exit == 0, reindex.Err);
        Assert.Contains("search index rebuilt: 300", reindex.Out);
        Assert.Equal(2, (await RunAsync("seed-bench", "--articles", "lots")).Exit);
    }

    [Fact]
    public async Task UnknownVerb_PrintsUsageAndExits2()
    {
        var (exit, _, err) = await RunAsync("frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("usage: khabar", err);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
