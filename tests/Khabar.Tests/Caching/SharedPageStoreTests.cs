using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khabar.Features.Caching;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Caching;

/// <summary>
/// Two nodes on one database with Khabar:OutputCache:Store=Redis (the Redis server scripts/setup.sh starts):
/// a page rendered on one is served by the other, and an eviction on one reaches both.
/// </summary>
public sealed class SharedPageStoreTests
{
    private static Dictionary<string, string?> Settings(string folder, string prefix) => new()
    {
        ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(folder, "shared.db")}",
        ["Khabar:OutputCache:Store"] = "Redis",
        ["Khabar:Redis"] = "127.0.0.1:6379",
        ["Khabar:OutputCache:RedisPrefix"] = prefix,
        ["Khabar:BaseUrl"] = "http://localhost",
        ["Khabar:DataProtection:Secret"] = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public async Task APageRenderedOnOneNode_IsServedByTheOther_AndEvictionReachesBoth()
    {
        var folder = Path.Combine(Path.GetTempPath(), "khabar-tests", "shared-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var prefix = $"khabar-test-{Guid.NewGuid():N}:";
        await using var first = new KhabarFactory(Settings(folder, prefix));
        await first.ImportAsync(Samples.ReferenceArticle());
        await using var second = new KhabarFactory(Settings(folder, prefix));
        var one = first.Client();
        var two = second.Client();
        var url = (await one.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        // The second node applies the change log from a few seconds before it started — the import among it, which
        // evicts every page of the site. Let it have done so (the listener reads every second) before the first renders.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var rendered = await one.GetAsync(url);
        var shared = await two.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        Assert.Equal(rendered.Headers.ETag, shared.Headers.ETag);
        Assert.Equal(0, second.Services.GetRequiredService<PageCache>().Renders); // the second node rendered nothing

        var posted = await one.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خوانندهٔ دو گره", text = "نظری که هر دو گره باید نشانش دهند" });
        using var json = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var moderator = await Staff.BearerClientAsync(first, Roles.Moderator);
        var id = json.RootElement.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var page = "";
        while (waited.Elapsed < TimeSpan.FromSeconds(5) && !page.Contains("نظری که هر دو گره باید نشانش دهند", StringComparison.Ordinal))
        {
            page = await two.HtmlAsync(url);
            await Task.Delay(50);
        }

        Assert.Contains("نظری که هر دو گره باید نشانش دهند", page);
        Assert.Contains("نظری که هر دو گره باید نشانش دهند", await one.HtmlAsync(url));
    }

    [Fact]
    public async Task APageRenderedBeforeAnEvictionOfItsTags_NeverEntersTheStore_AndOneRenderedAfterDoes()
    {
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:6379");
        var store = new SharedPageStore(redis, $"khabar-test-{Guid.NewGuid():N}:", TimeSpan.FromMinutes(10));
        static CachedPage Page(string text) => new()
        {
            Headers = [], ETag = "\"e\"", ETagBrotli = "\"e-br\"", ETagGzip = "\"e-gz\"", LastModified = "",
            Tags = ["article:7001", "all"], Identity = System.Text.Encoding.UTF8.GetBytes(text), Brotli = [1], Gzip = [2],
        };

        // A render begins (its lookup missed and read the store's clock); another node evicts the article meanwhile.
        var (missing, renderBegan) = await store.GetAsync("/news/7001");
        Assert.Null(missing);
        await store.EvictAsync("article:7001", CancellationToken.None);
        Assert.False(await store.SetAsync("/news/7001", Page("old"), TimeSpan.FromMinutes(10), renderBegan));
        Assert.Null((await store.GetAsync("/news/7001")).Page);

        // A render that began after the eviction is stored, and the next eviction of any of its tags removes it.
        var (_, later) = await store.GetAsync("/news/7001");
        Assert.True(await store.SetAsync("/news/7001", Page("new"), TimeSpan.FromMinutes(10), later));
        Assert.Equal("new", System.Text.Encoding.UTF8.GetString((await store.GetAsync("/news/7001")).Page!.Identity));
        await store.EvictAsync("all", CancellationToken.None);
        Assert.Null((await store.GetAsync("/news/7001")).Page);
    }

    [Fact]
    public async Task ANodeOnRedisWithoutBaseUrl_IsRefusedAtStart()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:Redis"] = "127.0.0.1:6379", ["Khabar:BaseUrl"] = "", ["Khabar:DataProtection:Secret"] = Convert.ToBase64String(new byte[32]) });
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("Khabar:BaseUrl", error.ToString());
    }

    [Fact]
    public async Task RedisWithoutAnAddress_IsRefusedAtStart()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:OutputCache:Store"] = "Redis", ["Khabar:Redis"] = "" });
        var error = Assert.ThrowsAny<Exception>(() => factory.Services);
        Assert.Contains("Khabar:Redis", error.ToString());
    }
}
