using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khabar.Features.Caching;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Caching;

/// <summary>
/// The page cache: what it serves, how (ETag, compression), to whom, and that every write that changes a
/// page evicts it — the next anonymous GET after publish, edit, unpublish, approve, reject or import shows the change.
/// </summary>
public sealed partial class PageCacheTests
{
    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("در انتظار بررسی: ([۰-۹]+)")]
    internal static partial Regex PendingCounter();

    [GeneratedRegex("انتشار یافته: ([۰-۹]+)")]
    private static partial Regex PublishedCounter();

    private static async Task<(KhabarFactory Factory, HttpClient Reader, string Url)> ArticleAsync()
    {
        var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var reader = factory.Client();
        var url = (await reader.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        return (factory, reader, url);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    private static PageCache CacheOf(KhabarFactory factory) => factory.Services.GetRequiredService<PageCache>();

    internal static int Counter(Regex counter, string html) =>
        int.Parse(Persian.Digits.ToAscii(counter.Match(html).Groups[1].Value), CultureInfo.InvariantCulture);

    internal static async Task<long> PostCommentAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }

    internal static async Task<HttpResponseMessage> EditorPostAsync(HttpClient editor, long? code, string action, string title, int serviceId)
    {
        var url = code is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{code}";
        var page = await editor.GetStringAsync(url);
        return await editor.PostAsync(url, Http.Form(
            ("__RequestVerificationToken", Staff.Antiforgery(page)), ("action", action), ("Version", VersionField().Match(page).Groups[1].Value),
            ("Title", title), ("Rotitr", "روتیتر"), ("Lead", "لید خبر برای آزمون حافظهٔ نهان"), ("Body", "<p>متن خبر</p>"),
            ("ServiceId", serviceId.ToString(CultureInfo.InvariantCulture)), ("Tags", "آزمون")));
    }

    [Fact]
    public async Task SecondGet_IsServedFromMemory_WithTheSameBytesAndValidators()
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        var first = await GetAsync(reader, url);
        var stored = CacheOf(factory).Count;
        var second = await GetAsync(reader, url);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(stored >= 1);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.NotNull(second.Content.Headers.LastModified);
        Assert.Equal("Accept-Encoding", string.Join(",", second.Headers.Vary));
        Assert.Contains("frame-ancestors 'none'", second.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task IfNoneMatch_WithTheCurrentETag_Gets304WithoutABody()
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        var etag = (await GetAsync(reader, url)).Headers.ETag!.Tag;

        var conditional = await GetAsync(reader, url, ("If-None-Match", etag));
        Assert.Equal(HttpStatusCode.NotModified, conditional.StatusCode);
        Assert.Empty(await conditional.Content.ReadAsByteArrayAsync());

        var stale = await GetAsync(reader, url, ("If-None-Match", "\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);

        // A list, the tag weak (If-None-Match compares weakly): still the same bytes.
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(reader, url, ("If-None-Match", "\"older\", W/" + etag))).StatusCode);
        // A tag that only contains this one is another tag.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(reader, url, ("If-None-Match", etag.TrimEnd('"') + "x\""))).StatusCode);
    }

    [Theory]
    [InlineData("br", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, gzip", "gzip")]
    [InlineData("gzip;q=1.0, br;q=0.5", "gzip")] // the client's own preference
    [InlineData("*", "br")]
    [InlineData("identity, *;q=0.1", "br")]
    public async Task AcceptEncoding_GetsTheCompressedCopy_ThatDecompressesToThePage(string accept, string expected)
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        var plain = await (await GetAsync(reader, url)).Content.ReadAsByteArrayAsync();

        var response = await GetAsync(reader, url, ("Accept-Encoding", accept));
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.Single());
        var compressed = await response.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plain.Length / 2, $"{compressed.Length} of {plain.Length}");
        using var input = new MemoryStream(compressed);
        using Stream decoder = expected == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        Assert.Equal(plain, output.ToArray());
        Assert.NotEqual((await GetAsync(reader, url)).Headers.ETag, response.Headers.ETag); // each encoding has its own validator
    }

    [Fact]
    public async Task ConcurrentMisses_RenderThePageOnce()
    {
        var (factory, reader, _) = await ArticleAsync();
        await using var __ = factory;
        var cache = CacheOf(factory);
        var before = cache.Renders;
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => GetAsync(reader, "/service/politics")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.Equal(1, cache.Renders - before);
    }

    [Fact]
    public async Task NewsroomUsers_AreNeverServedOrStoredByTheCache()
    {
        var (factory, _, url) = await ArticleAsync();
        await using var __ = factory;
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var cache = CacheOf(factory);
        var staffView = await GetAsync(editor, url);
        Assert.Equal(HttpStatusCode.OK, staffView.StatusCode);
        Assert.Null(staffView.Headers.ETag);
        Assert.Equal(0, cache.Count);

        var token = await Staff.BearerClientAsync(factory, Roles.Editor);
        Assert.Null((await GetAsync(token, url)).Headers.ETag);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task NotFound_IsNotCached()
    {
        await using var factory = new KhabarFactory();
        var reader = factory.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(reader, "/news/424242/x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(reader, "/api/v1/articles/424242")).StatusCode);
        Assert.Equal(0, CacheOf(factory).Count); // nothing stored for either
        await factory.ImportAsync(Samples.Article(424242, "خبری که پس از ۴۰۴ رسید"));
        // The very URLs that were 404 now answer: a cached 404 would still be served here.
        var moved = await GetAsync(reader, "/news/424242/x");
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Contains("خبری که پس از ۴۰۴ رسید", await reader.HtmlAsync(moved.Headers.Location!.OriginalString));
        Assert.Contains("خبری که پس از ۴۰۴ رسید", await reader.GetStringAsync("/api/v1/articles/424242"));
    }

    [Fact]
    public async Task Publish_Edit_Unpublish_EachShowOnTheNextAnonymousGet()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین سرویس سیاسی", "سیاسی", "2024-01-01T10:00:00Z"));
        var reader = factory.Client();
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var service = await factory.WithDbAsync(db => db.Services.Select(s => s.Id).FirstAsync());
        Assert.DoesNotContain("تیتر تازهٔ منتشرشده", await reader.HtmlAsync("/"));
        Assert.DoesNotContain("تیتر تازهٔ منتشرشده", await reader.HtmlAsync("/service/politics"));
        Assert.True(CacheOf(factory).Count >= 2);

        var published = await EditorPostAsync(editor, null, "publish", "تیتر تازهٔ منتشرشده", service);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var code = long.Parse(published.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.Contains("تیتر تازهٔ منتشرشده", await reader.HtmlAsync("/"));
        Assert.Contains("تیتر تازهٔ منتشرشده", await reader.HtmlAsync("/service/politics"));
        var url = (await reader.GetAsync($"/news/{code}")).Headers.Location!.OriginalString;
        Assert.Contains("تیتر تازهٔ منتشرشده", await reader.HtmlAsync(url));

        Assert.Equal(HttpStatusCode.Redirect, (await EditorPostAsync(editor, code, "publish", "تیتر ویرایش‌شده", service)).StatusCode);
        var renamed = (await reader.GetAsync($"/news/{code}")).Headers.Location!.OriginalString;
        var page = await reader.HtmlAsync(renamed);
        Assert.Contains("تیتر ویرایش\u200Cشده", page);
        Assert.DoesNotContain("تیتر تازهٔ منتشرشده", await reader.HtmlAsync("/"));
        Assert.Equal(HttpStatusCode.MovedPermanently, (await reader.GetAsync(url)).StatusCode); // the old slug now redirects

        Assert.Equal(HttpStatusCode.Redirect, (await EditorPostAsync(editor, code, "unpublish", "تیتر ویرایش‌شده", service)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(renamed)).StatusCode);
        Assert.DoesNotContain("تیتر ویرایش\u200Cشده", await reader.HtmlAsync("/"));
    }

    [Fact]
    public async Task Approve_And_Reject_ShowOnTheNextAnonymousGet()
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        var approved = await PostCommentAsync(reader, "نظری که منتشر خواهد شد");
        var rejected = await PostCommentAsync(reader, "نظری که رد خواهد شد");
        await CacheOf(factory).FlushDeferredAsync();
        var before = await reader.HtmlAsync(url);
        Assert.Equal(2, Counter(PendingCounter(), before));
        Assert.Equal(1, Counter(PublishedCounter(), before));
        Assert.Equal(before, await reader.HtmlAsync(url)); // cached

        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{approved}/approve", null)).StatusCode);
        var afterApprove = await reader.HtmlAsync(url);
        Assert.Contains("نظری که منتشر خواهد شد", afterApprove);
        Assert.Equal(2, Counter(PublishedCounter(), afterApprove));
        Assert.Equal(1, Counter(PendingCounter(), afterApprove));

        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsJsonAsync($"/api/v1/moderation/comments/{rejected}/reject", new { reason = "تکراری" })).StatusCode);
        var afterReject = await reader.HtmlAsync(url);
        Assert.Equal(0, Counter(PendingCounter(), afterReject));
        Assert.DoesNotContain("نظری که رد خواهد شد", afterReject);
    }

    [Fact]
    public async Task NewComment_MovesThePendingCounter_WithinFiveSeconds()
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        Assert.Equal(0, Counter(PendingCounter(), await reader.HtmlAsync(url)));
        await PostCommentAsync(reader, "نظر تازه برای شمارنده");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var pending = 0;
        while (waited.Elapsed < TimeSpan.FromSeconds(5) && pending == 0)
        {
            await Task.Delay(100);
            pending = Counter(PendingCounter(), await reader.HtmlAsync(url));
        }

        Assert.Equal(1, pending);
    }

    [Fact]
    public async Task Import_ShowsOnTheNextAnonymousGet()
    {
        var (factory, reader, url) = await ArticleAsync();
        await using var _ = factory;
        Assert.DoesNotContain("خبر واردشده پس از ذخیره در حافظه", await reader.HtmlAsync("/"));
        Assert.DoesNotContain("خبر واردشده پس از ذخیره در حافظه", await reader.HtmlAsync(url));
        await factory.ImportAsync(Samples.Article(9100, "خبر واردشده پس از ذخیره در حافظه", publishedAt: "2025-06-01T00:00:00Z"));
        Assert.Contains("خبر واردشده پس از ذخیره در حافظه", await reader.HtmlAsync("/"));
        Assert.Contains("خبر واردشده پس از ذخیره در حافظه", await reader.HtmlAsync(url)); // «آخرین اخبار» on every article
    }

    [Fact]
    public async Task OutputCacheOff_ServesEveryRequestFresh()
    {
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:OutputCache:Enabled"] = "false" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var reader = factory.Client();
        var url = (await reader.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        var response = await GetAsync(reader, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.Equal(0, CacheOf(factory).Count);
        Assert.Contains("نظرات کاربران", await response.Content.ReadAsStringAsync());
    }
}
