using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;


namespace Khabar.Tests.Cli;

/// <summary>`khabar backup FILE` while comments keep arriving: a consistent copy that restores into a working site.</summary>
[Collection(Alone.Name)]
public sealed class BackupTests
{
    private static Dictionary<long, string> Comments(string database) => KhabarProcess.Rows(database, "SELECT Id, Text FROM Comments");

    [Fact]
    public async Task Backup_WhileCommentsArrive_IsConsistent_AndRestoresIntoAWorkingSite()
    {
        await using var site = await KhabarProcess.WithArticleAsync();
        await site.StartAsync();

        var acknowledged = new ConcurrentDictionary<long, string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            using var client = site.Client();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var text = $"نظر {Persian.Digits.ToPersian($"{w}-{n}")} هنگام پشتیبان\u200Cگیری"; // as stored: Persian digits
                var response = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                acknowledged[json.RootElement.GetProperty("id").GetInt64()] = text;
            }
        })).ToList();

        await KhabarProcess.UntilAsync(() => acknowledged.Count >= 200, TimeSpan.FromSeconds(90), "200 comments acknowledged before the backup");

        var before = acknowledged.Keys.ToHashSet(); // answered before the backup began
        var backup = Path.Combine(site.Folder, "backup.db");
        var (exit, output, error) = await site.RunAsync("backup", backup);
        var duringBackup = acknowledged.Count - before.Count;
        await Task.Delay(300); // writes go on after the copy
        await stop.CancelAsync();
        await KhabarProcess.WithinAsync(writers, TimeSpan.FromSeconds(60), "the writers stopping after the backup");
        Assert.True(exit == 0, error);
        Assert.Contains("backup written to", output);
        await site.StopAsync();

        Assert.Equal("ok", KhabarProcess.IntegrityCheck(backup));
        var live = Comments(site.Database);
        var copy = Comments(backup);
        Assert.All(before, id => Assert.Equal(acknowledged[id], copy[id])); // everything acknowledged before it began
        Assert.All(copy, row => Assert.Equal(live[row.Key], row.Value)); // nothing in it that the site does not have
        Assert.True(copy.Count < live.Count, "writes after the backup are not in it");
        // A snapshot: the comments in the copy are exactly the first N the site committed, no holes.
        var ordered = live.Keys.Order().ToList();
        Assert.Equal(ordered.Take(copy.Count), copy.Keys.Order());

        // Restore: the copy put in place of the database, and the site serves from it.
        await using var restored = new KhabarProcess(backup);
        await restored.StartAsync();
        using var reader = restored.Client();
        var api = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{Samples.Code}/comments");
        Assert.Equal(HttpStatusCode.MovedPermanently, (await reader.GetAsync($"/x/{Samples.Code}")).StatusCode);
        Assert.True(api.GetProperty("total").GetInt32() >= 1);
        await restored.StopAsync();
        Report.Line("backup", string.Create(CultureInfo.InvariantCulture,
            $"- `backup FILE` while 8 clients kept commenting ({duringBackup} comments acknowledged during the copy): integrity_check ok; {copy.Count} of the site's {live.Count} comments in the copy, every one identical and with no gap, all {before.Count} acknowledged before it began among them; the site started on the restored copy and served the article."));
    }
}
