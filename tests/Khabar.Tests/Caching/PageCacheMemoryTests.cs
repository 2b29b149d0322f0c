using System.Net;
using Khabar.Features.Caching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Caching;

/// <summary>
/// The page cache's keys and memory under a hostile visitor: junk query strings make no entries, every entry is
/// charged (bytes, key, tags) and gives it all back when it expires or goes, and an entry cap holds besides the bytes.
/// </summary>
public sealed class PageCacheMemoryTests
{
    private static PageCache CacheOf(KhabarFactory factory) => factory.Services.GetRequiredService<PageCache>();

    [Fact]
    public async Task JunkQueryStrings_AreTheSamePage_AndNeverNewEntries()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(2, "خبر دوم", "سیاسی", "2024-01-01T10:00:00Z"));
        var client = factory.Client();
        var home = await client.GetStringAsync("/");
        var service = await client.GetStringAsync("/service/politics?page=1");
        var before = CacheOf(factory).Count;
        for (var i = 0; i < 2_000; i++)
        {
            var junk = $"utm_source=x{i}&fbclid={Guid.NewGuid():N}";
            Assert.Equal(home, await client.GetStringAsync("/?" + junk));
            if (i % 100 == 0)
            {
                // The parameter the page reads still makes the page; the junk beside it does not.
                Assert.Equal(service, await client.GetStringAsync($"/service/politics?{junk}&page=1"));
            }
        }

        Assert.Equal(before, CacheOf(factory).Count);

        // Junk *values* of a parameter a page reads are the page it would show: page 1 for a page number that is no
        // number, the plain article for a «comment» that is not «pending».
        foreach (var junk in new[] { "abc", "0", "-5", "1", "001" })
        {
            Assert.Equal(service, await client.GetStringAsync($"/service/politics?page={junk}"));
        }

        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        await client.GetStringAsync(article);
        var withArticle = CacheOf(factory).Count;
        for (var i = 0; i < 50; i++)
        {
            await client.GetStringAsync($"{article}?comment=junk{i}");
        }

        Assert.Equal(withArticle, CacheOf(factory).Count);
        Assert.Equal(before + 1, withArticle);
        before = withArticle;

        // A parameter a page reads is part of its key: two pages of a search are two entries.
        await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("خبر") + "&page=1&junk=1");
        await client.GetStringAsync("/search?q=" + Uri.EscapeDataString("خبر") + "&page=2&junk=2");
        Assert.Equal(before + 2, CacheOf(factory).Count);
    }

    [Fact]
    public async Task ExpiredAndEvictedPages_GiveBackTheirBytesAndTagEntries()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var factory = new KhabarFactory(new() { ["Khabar:OutputCache:LifetimeSeconds"] = "60" }, clock);
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(2, "خبر دوم", "سیاسی", "2024-01-01T10:00:00Z"));
        var client = factory.Client();
        var cache = CacheOf(factory);
        foreach (var url in new[] { "/", "/service/politics", "/rss", "/x/2", "/api/v1/articles", $"/api/v1/articles/{Samples.Code}" })
        {
            Assert.True((await client.GetAsync(url)).IsSuccessStatusCode || url.StartsWith("/x/", StringComparison.Ordinal));
        }

        Assert.True(cache.Count >= 5);
        Assert.True(cache.Bytes > 0);
        Assert.True(cache.TagCount > 0);

        // The janitor runs on the cache's clock: the fake one, moved past the lifetime, drives it to sweep them all.
        clock.Advance(TimeSpan.FromSeconds(61));
        await KhabarProcess.UntilAsync(() => cache.Count == 0, TimeSpan.FromSeconds(5), "the janitor swept no expired page");
        Assert.Equal(0, cache.SweepExpired()); // nothing left for a sweep of its own
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(0, cache.TagCount);

        // Stored again, then evicted: the same account.
        await client.GetStringAsync("/");
        await client.GetStringAsync("/service/politics");
        Assert.True(cache.Bytes > 0);
        await cache.EvictAsync(CacheTags.All);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.Bytes);
        Assert.Equal(0, cache.TagCount);
    }

    [Fact]
    public async Task EntryCap_HoldsBesidesTheByteBudget()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:OutputCache:MaxEntries"] = "16", ["Khabar:SearchPerIpPerMinute"] = "0" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/search?q=" + Uri.EscapeDataString("واژه" + i))).StatusCode);
            Assert.InRange(CacheOf(factory).Count, 0, 16);
        }

        Assert.InRange(CacheOf(factory).Bytes, 1, 16 * 200_000);
    }
}
