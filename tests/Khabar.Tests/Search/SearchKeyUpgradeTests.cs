using System.Text.Json;
using Khabar.Features.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Khabar.Tests.Search;

/// <summary>
/// An index written with older search keys (here: rows without the compounds' joins) is rewritten with the current ones:
/// every article, by whichever process claims the work, from where a stopped rewrite left off, and not twice.
/// </summary>
public sealed class SearchKeyUpgradeTests
{
    [Fact]
    public async Task IndexOnOlderKeys_IsRewritten_Claimed_Once_AndTakenOverOnlyWhenStale()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:SearchPerIpPerMinute"] = "0" });
        var report = await factory.ImportAsync(
            Samples.Article(31001, "کارشناسان پیش بینی بارش را تایید کردند"),
            Samples.Article(31002, "نخست وزیر به استان سفر کرد"));
        Assert.Empty(report.Errors);
        var upgrade = factory.Services.GetServices<IHostedService>().OfType<SearchKeyUpgrade>().Single();
        await upgrade.UpgradeAsync(CancellationToken.None); // whatever start-up left to do
        using var client = factory.Client();
        async Task<long[]> FindAsync(string q)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)));
            return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("code").GetInt64())];
        }

        Assert.Equal(31001L, Assert.Single(await FindAsync("پیشبینی")));

        // The index as an older version left it: the two articles' rows gone (nor joins, nor words), version 1.
        var postgres = factory.Services.GetRequiredService<ISearchIndex>() is PostgresSearchIndex;
        await factory.WithDbAsync(async db =>
        {
            var ids = await db.Articles.Where(a => a.Code == 31001 || a.Code == 31002).Select(a => a.Id).ToListAsync();
            foreach (var id in ids)
            {
                await (postgres
                    ? db.Database.ExecuteSqlAsync($"DELETE FROM \"ArticleSearch\" WHERE \"ArticleId\" = {id}")
                    : db.Database.ExecuteSqlAsync($"DELETE FROM ArticleSearch WHERE rowid = {id}"));
            }

            return await db.Database.ExecuteSqlRawAsync("UPDATE \"SearchKeyState\" SET \"Version\" = 1, \"RebuiltThrough\" = 0, \"Heartbeat\" = 0");
        });
        // A spelling not asked before (the page cache holds the first); its empty answer is now cached too.
        Assert.Empty(await FindAsync("پیش‌بینی"));

        var written = await upgrade.UpgradeAsync(CancellationToken.None);
        Assert.True(written >= 2, $"{written} articles rewritten");
        Assert.Equal(31001L, Assert.Single(await FindAsync("پیش‌بینی"))); // the rewrite evicted the cached empty page
        Assert.Equal(31002L, Assert.Single(await FindAsync("نخست‌وزیر")));
        Assert.Equal((Persian.SearchKey.Version, int.MaxValue), await StateAsync(factory));
        Assert.Equal(0, await upgrade.UpgradeAsync(CancellationToken.None)); // done: nothing to claim
        if (postgres)
        {
            // The joins are matched in the document; ranking reads the words alone, written beside it.
            var rows = await factory.WithDbAsync(db => db.Database.SqlQueryRaw<int>("""
                SELECT count(*)::int AS "Value" FROM "ArticleSearch" s JOIN "Articles" a ON a."Id" = s."ArticleId"
                WHERE a."Code" = 31001 AND s."Document" @@ 'پیشبینی'::tsquery AND NOT s."Ranked" @@ 'پیشبینی'::tsquery AND s."Ranked" @@ 'بینی'::tsquery
                """).SingleAsync());
            Assert.Equal(1, rows);
        }

        // A rewrite another process is on (a fresh heartbeat) is left to it; one whose heartbeat stopped is taken over.
        var now = factory.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeSeconds();
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"SearchKeyState\" SET \"RebuiltThrough\" = 0, \"Heartbeat\" = {now}"));
        Assert.Equal(0, await upgrade.UpgradeAsync(CancellationToken.None));
        await factory.WithDbAsync(db => db.Database.ExecuteSqlAsync($"UPDATE \"SearchKeyState\" SET \"Heartbeat\" = {now - 600}"));
        Assert.True(await upgrade.UpgradeAsync(CancellationToken.None) >= 2);
        Assert.Equal((Persian.SearchKey.Version, int.MaxValue), await StateAsync(factory));
    }

    private static Task<(int Version, int Through)> StateAsync(KhabarFactory factory) => factory.WithDbAsync(async db =>
    {
        var version = await db.Database.SqlQueryRaw<int>("SELECT \"Version\" AS \"Value\" FROM \"SearchKeyState\"").SingleAsync();
        var through = await db.Database.SqlQueryRaw<int>("SELECT \"RebuiltThrough\" AS \"Value\" FROM \"SearchKeyState\"").SingleAsync();
        return (version, through);
    });
}
