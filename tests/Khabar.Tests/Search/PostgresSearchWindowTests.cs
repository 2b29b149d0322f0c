using System.Text.Json;

namespace Khabar.Tests.Search;

/// <summary>
/// PostgreSQL search looks for the newest matches among the newest id buckets first (1,024 ids each) and widens when
/// too few are there: an archive whose ids span several buckets must still find an old article alone, count every
/// match, put the newest first, and find a phrase in an old bucket. Runs on PostgreSQL in both passes of the suite.
/// </summary>
public sealed class PostgresSearchWindowTests
{
    [Fact]
    public async Task MatchesAcrossIdBuckets_AreAllFound_Counted_AndNewestFirst()
    {
        var name = "khabar_t_" + Guid.NewGuid().ToString("N");
        var connection = await TestDatabase.CreateEmptyAsync(name);
        try
        {
            await using var site = new KhabarProcess(settings: new()
            {
                ["Khabar__Database__Provider"] = "Postgres",
                ["ConnectionStrings__Khabar"] = connection,
                ["Khabar__SearchPerIpPerMinute"] = "0",
            });
            // Two old articles (the first bucket), then, past id 20,000, forty new ones (bucket 19 and on).
            var old = Path.Combine(site.Folder, "old.jsonl");
            await File.WriteAllLinesAsync(old, [
                Samples.Article(9001, "گزارش آبشارستان کوهسارک در دامنه", publishedAt: "2020-03-01T08:00:00Z"),
                Samples.Article(9002, "کوهسارک و بلوط های کهنسال", publishedAt: "2020-03-02T08:00:00Z"),
            ]);
            Assert.Equal(0, (await site.RunAsync("import", old)).Exit);
            await TestDatabase.ScalarAsync(name, "SELECT setval(pg_get_serial_sequence('\"Articles\"', 'Id'), 20000)");
            var recent = Path.Combine(site.Folder, "recent.jsonl");
            await File.WriteAllLinesAsync(recent, Enumerable.Range(0, 40).Select(i => Samples.Article(
                9100 + i, i % 10 == 0 ? $"آبشارستان تازه شماره {i}" : $"خبر روز شماره {i}", publishedAt: $"2024-01-{1 + (i % 28):00}T08:00:00Z")));
            Assert.Equal(0, (await site.RunAsync("import", recent)).Exit);
            Assert.Equal(20040, await TestDatabase.ScalarAsync(name, "SELECT max(\"ArticleId\") FROM \"ArticleSearch\""));

            await site.StartAsync();
            using var client = site.Client();
            async Task<(int Total, long[] Codes)> SearchAsync(string q)
            {
                using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)));
                var root = json.RootElement;
                return (root.GetProperty("total").GetInt32(), [.. root.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetInt64())]);
            }

            // Only in the old bucket: the search widens to the whole archive.
            var alone = await SearchAsync("کوهسارک");
            Assert.Equal(2, alone.Total);
            Assert.Equal([9001, 9002], alone.Codes.Order());

            // In both: every match counted, all four new ones and the old one found.
            var both = await SearchAsync("آبشارستان");
            Assert.Equal(5, both.Total);
            Assert.Equal([9001, 9100, 9110, 9120, 9130], both.Codes.Order());

            // A phrase whose only article is in the old bucket.
            var phrase = await SearchAsync("\"آبشارستان کوهسارک\"");
            Assert.Equal(1, phrase.Total);
            Assert.Equal([9001], phrase.Codes);

            // «اخبار پیشنهادی» of an old article: the other old one that shares its words, found past the newer buckets.
            var page = await client.GetAsync("/x/9002");
            var html = await client.GetStringAsync(page.Headers.Location!.OriginalString);
            Assert.Contains("/news/9001/", html, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }
}
