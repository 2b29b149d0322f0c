using System.Net;
using System.Text.RegularExpressions;
using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Storage;
using Khabar.Tests.Caching;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Articles;

/// <summary>The article page's one definition (ArticleDocument): the fast path and the page handler alike, its fragments, its warm-up.</summary>
public sealed partial class ArticleDocumentTests
{
    [Fact]
    public async Task OutputCacheOff_TheFragmentsOfTheArticlePage_FollowEveryChangeAtOnce()
    {
        // With the output cache off, the article page still keeps its parts as HTML fragments keyed by the data
        // behind them: each change must reach the very next render (comments, counters, title, «آخرین اخبار»).
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:OutputCache:Enabled"] = "false" });
        await factory.ImportAsync(Samples.ReferenceArticle());
        var reader = factory.Client();
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var url = (await reader.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        var first = await reader.HtmlAsync(url);
        Assert.Equal(first, await reader.HtmlAsync(url)); // the same fragments again
        var pending = PageCacheTests.Counter(PageCacheTests.PendingCounter(), first);

        var id = await PageCacheTests.PostCommentAsync(reader, "نظری برای قطعه‌های صفحه");
        Assert.Equal(pending + 1, PageCacheTests.Counter(PageCacheTests.PendingCounter(), await reader.HtmlAsync(url)));
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);
        var approved = await reader.HtmlAsync(url);
        Assert.Contains("نظری برای قطعه‌های صفحه", approved);
        Assert.Equal(pending, PageCacheTests.Counter(PageCacheTests.PendingCounter(), approved));

        var service = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == Samples.Code).Select(a => a.ServiceId).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PageCacheTests.EditorPostAsync(editor, Samples.Code, "publish", "تیتر تازهٔ قطعه‌ها", service)).StatusCode);
        var renamed = (await reader.GetAsync($"/news/{Samples.Code}")).Headers.Location!.OriginalString;
        var edited = await reader.HtmlAsync(renamed);
        Assert.Contains("<h1 class=\"title\">تیتر تازهٔ قطعه‌ها</h1>", edited);
        Assert.Contains("<meta property=\"og:title\" content=\"تیتر تازهٔ قطعه\u200Cها\">", edited); // the head fragment
        Assert.Contains("نظری برای قطعه‌های صفحه", edited);

        await factory.ImportAsync(Samples.Article(9200, "خبر تازه در آخرین اخبار", publishedAt: "2025-07-01T00:00:00Z"));
        Assert.Contains("خبر تازه در آخرین اخبار", await reader.HtmlAsync(renamed));
    }

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private static string Markup(string html) => Spaces().Replace(BetweenTags().Replace(html, "><"), " ").Trim();

    [Fact]
    public async Task Startup_WarmsTheNewestArticlesPage_WithoutChangingWhatReadersGet()
    {
        // At start-up the newest article's page is built once in the background (queries compiled, views rendered),
        // so the first reader after a restart does not pay for it. It must not change the page that reader gets.
        var folder = Directory.CreateTempSubdirectory("khabar-warm-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Khabar"] = $"Data Source={Path.Combine(folder, "site.db")}",
            ["Khabar:OutputCache:Enabled"] = "false",
        };
        try
        {
            await using (var first = new KhabarFactory(settings))
            {
                await first.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7002, "خبر قدیمی‌تر برای آزمون گرم کردن", publishedAt: "2021-05-01T08:00:00Z"));
            }

            await using var second = new KhabarFactory(settings);
            var warmUp = second.Services.GetRequiredService<ArticleWarmUp>();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (warmUp.Warmed is null && waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(25);
            }

            Assert.Equal(Samples.Code, warmUp.Warmed); // the newest of the two
            Assert.Equal(0, second.Services.GetRequiredService<FragmentCache>().Count); // rendered, not kept
            var reader = second.Client();
            var url = (await reader.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
            var warmed = await reader.HtmlAsync(url);
            var razor = await reader.HtmlAsync(url + "?from=razor");
            Assert.Contains("بررسی طرح تازه نامهای شهری", warmed);
            Assert.Equal(Markup(razor.Replace("?from=razor", "", StringComparison.Ordinal)), Markup(warmed));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("false")]
    [InlineData("true")]
    public async Task ArticleFastPath_WritesTheSameMarkupAsTheRazorPage(string outputCache)
    {
        // A plain GET of an article is answered from UTF-8 fragments without MVC (ArticleFastPath); anything with a
        // query string goes to the page handler. Both write ArticleDocument's fragments and must give the same page,
        // with published comments, a reply, tags and the side lists in it.
        await using var factory = new KhabarFactory(new Dictionary<string, string?> { ["Khabar:OutputCache:Enabled"] = outputCache });
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(9201, "خبری دیگر برای ستون کناری", tags: "[\"برچسب آزمون\"]"));
        var reader = factory.Client();
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        var id = await PageCacheTests.PostCommentAsync(reader, "نظری که <b>برچسب</b> ندارد & منتشر می‌شود");
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/approve", null)).StatusCode);
        var url = (await reader.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;

        var fast = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, fast.StatusCode);
        Assert.Equal("text/html; charset=utf-8", fast.Content.Headers.ContentType!.ToString());
        var razor = await reader.HtmlAsync(url + "?from=razor");
        var fastHtml = await fast.Content.ReadAsStringAsync();
        Assert.Contains("نظری که &lt;b&gt;برچسب&lt;/b&gt; ندارد &amp; منتشر می‌شود", fastHtml);
        Assert.Equal(Markup(razor.Replace("?from=razor", "", StringComparison.Ordinal)), Markup(fastHtml));
        if (outputCache == "false")
        {
            // The length is known before the first byte.
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(fastHtml), fast.Content.Headers.ContentLength);
        }

        var head = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
