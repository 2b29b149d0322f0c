using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Khabar.Tests.Cli;

/// <summary>
/// Khabar on PostgreSQL as operators run it (separate `dotnet Khabar.dll` processes): several nodes starting together
/// on one empty database, and `backup` (pg_dump) while comments keep arriving, restored with pg_restore.
/// </summary>
public sealed class PostgresOperationsTests
{
    private static Dictionary<string, string> OnPostgres(string connection, bool demo = false) => new()
    {
        ["Khabar__Database__Provider"] = "Postgres",
        ["ConnectionStrings__Khabar"] = connection,
        ["Khabar__Demo"] = demo ? "true" : "false",
    };

    [Fact]
    public async Task TwoProcesses_StartedTogetherOnOneEmptyDatabase_WithDemoContent_BothComeUpHealthy_AndWriteItOnce()
    {
        var name = "khabar_t_" + Guid.NewGuid().ToString("N");
        var connection = await TestDatabase.CreateEmptyAsync(name);
        try
        {
            await using var first = new KhabarProcess(settings: OnPostgres(connection, demo: true));
            await using var second = new KhabarProcess(settings: OnPostgres(connection, demo: true));
            await KhabarProcess.WithinAsync([first.StartAsync(), second.StartAsync()], TimeSpan.FromSeconds(90), "both nodes healthy");
            foreach (var node in new[] { first, second })
            {
                using var client = node.Client();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            }

            var expected = Features.Demo.DemoSeeder.Build(DateTime.UnixEpoch).Count;
            Assert.Equal(expected, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"Articles\""));
            Assert.Equal(4, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"AspNetRoles\""));
            Assert.Equal(0, await TestDatabase.ScalarAsync(name, "SELECT count(*) - count(DISTINCT \"MigrationId\") FROM \"__EFMigrationsHistory\""));
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public async Task Backup_WhileCommentsArrive_IsASnapshotThatPgRestoreBringsBack()
    {
        var name = "khabar_t_" + Guid.NewGuid().ToString("N");
        var restored = name + "_r";
        var connection = await TestDatabase.CreateEmptyAsync(name);
        try
        {
            await using var site = new KhabarProcess(settings: OnPostgres(connection));
            var file = Path.Combine(site.Folder, "seed.jsonl");
            await File.WriteAllTextAsync(file, Samples.ReferenceArticle());
            Assert.Equal(0, (await site.RunAsync("import", file)).Exit);
            await site.StartAsync();
            using var client = site.Client();
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<long>();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var response = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments",
                        new { name = "خواننده", text = $"نظر شمارهٔ {i} از نویسندهٔ {w} در حین پشتیبان‌گیری" });
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        acknowledged.Add(json.RootElement.GetProperty("id").GetInt64());
                    }
                }
            })).ToList();
            await KhabarProcess.UntilAsync(() => acknowledged.Count >= 100, TimeSpan.FromSeconds(60), "100 comments acknowledged before the backup");
            var before = acknowledged.ToHashSet();
            var backup = Path.Combine(site.Folder, "khabar.dump");
            var result = await site.RunAsync("backup", backup);
            stop.Cancel();
            await KhabarProcess.WithinAsync(writers, TimeSpan.FromSeconds(30), "the comment writers stopped");
            Assert.True(result.Exit == 0, result.Err);
            Assert.True(new FileInfo(backup).Length > 0);

            await TestDatabase.CreateEmptyAsync(restored);
            var restore = new ProcessStartInfo("pg_restore") { RedirectStandardError = true };
            foreach (var argument in new[] { "--no-owner", "--dbname", TestDatabase.ConnectionUri(restored), backup })
            {
                restore.ArgumentList.Add(argument);
            }

            using (var process = Process.Start(restore)!)
            {
                var errors = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, errors);
            }

            // Every comment acknowledged before the backup began is in the copy, and the copy has no gap: a snapshot.
            await using var copy = new NpgsqlConnection(TestDatabase.ConnectionString(restored));
            await copy.OpenAsync();
            var ids = new List<long>();
            await using (var command = new NpgsqlCommand("SELECT \"Id\" FROM \"Comments\" ORDER BY \"Id\"", copy))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            Assert.Superset(before, ids.ToHashSet());
            Assert.True(ids.Count >= before.Count);
        }
        finally
        {
            await TestDatabase.DropAsync(name);
            await TestDatabase.DropAsync(restored);
        }
    }

    [Fact]
    public async Task SeedBench_Reindex_AndSearch_WorkOnPostgres()
    {
        var name = "khabar_t_" + Guid.NewGuid().ToString("N");
        var connection = await TestDatabase.CreateEmptyAsync(name);
        try
        {
            await using var site = new KhabarProcess(settings: OnPostgres(connection));
            var seeded = await site.RunAsync("seed-bench", "--articles", "300", "--comments", "900");
            Assert.True(seeded.Exit == 0, seeded.Err);
            Assert.Equal(300, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"Articles\""));
            Assert.Equal(900, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"Comments\""));
            Assert.Equal(300, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"ArticleSearch\""));
            var reindex = await site.RunAsync("reindex");
            Assert.True(reindex.Exit == 0, reindex.Err);
            Assert.Contains("search index rebuilt: 300", reindex.Out, StringComparison.Ordinal);
            Assert.Equal(300, await TestDatabase.ScalarAsync(name, "SELECT count(*) FROM \"ArticleSearch\""));

            // The first word of an article's title finds articles, through the site's search API.
            string word;
            await using (var db = new NpgsqlConnection(TestDatabase.ConnectionString(name)))
            {
                await db.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT split_part(\"Title\", ' ', 1) FROM \"Articles\" ORDER BY \"Id\" LIMIT 1", db);
                word = (string)(await command.ExecuteScalarAsync())!;
            }

            await site.StartAsync();
            using var client = site.Client();
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(word)));
            Assert.True(json.RootElement.GetProperty("total").GetInt32() > 0, json.RootElement.ToString());
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }
}
