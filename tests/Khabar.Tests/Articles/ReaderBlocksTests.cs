using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Articles;

/// <summary>
/// Issue 23's blocks and newsroom actions over HTTP: the new import fields refused with their line and reason,
/// «خبر فوری» on every page until its end, «پربحث‌ترین», «نظر برگزیده» by the moderation API, the story page's actions.
/// </summary>
public sealed class ReaderBlocksTests
{
    [Fact]
    public async Task Import_RefusesBadTypeFields_ByLineAndReason_AndImportsNothing()
    {
        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync(
            Samples.Article(1, "خبر درست"),
            """{"code":2,"service":"سیاسی","title":"نوع ناشناخته","type":"podcast"}""",
            """{"code":3,"service":"سیاسی","title":"عکس در خبر ساده","photos":[{"src":"https://example.org/a.jpg"}]}""",
            """{"code":4,"service":"سیاسی","title":"گزارش بی‌عکس","type":"photo","photos":[]}""",
            """{"code":5,"service":"سیاسی","title":"عکس گمشده","type":"photo","photos":[{"src":"nowhere/missing.jpg"},{"src":"../../etc/passwd.png"},{"src":"javascript:alert(1)"}]}""",
            """{"code":6,"service":"سیاسی","title":"زنده بی‌زمان","type":"live","live":[{"text":"رویداد"},{"at":"دیروز","text":""}],"live_ended_at":"فردا"}""",
            """{"code":7,"service":"سیاسی","title":"ویدیوی نامجاز","type":"video","video":{"src":"https://videos.example.org/watch?v=1"}}""",
            """{"code":8,"service":"سیاسی","title":"اصلاحیهٔ خالی","corrections":[{"at":"2026-11-21T10:00:00Z","text":" "}],"authors":[""],"breaking_until":"soon"}""");
        string[] Reasons(int line) => [.. report.Errors.Where(e => e.Line == line).Select(e => e.Message)];

        Assert.Contains(Reasons(2), m => m.Contains("type 'podcast'", StringComparison.Ordinal));
        Assert.Contains(Reasons(3), m => m.Contains("photos belong to", StringComparison.Ordinal));
        Assert.Contains(Reasons(4), m => m.Contains("needs photos", StringComparison.Ordinal));
        Assert.Equal(3, Reasons(5).Length);
        Assert.Contains(Reasons(5), m => m.Contains("photos[0].src 'nowhere/missing.jpg': no such file", StringComparison.Ordinal));
        Assert.Contains(Reasons(5), m => m.Contains("photos[1].src", StringComparison.Ordinal));
        Assert.Contains(Reasons(5), m => m.Contains("photos[2].src", StringComparison.Ordinal));
        Assert.Contains(Reasons(6), m => m == "live[0].at is required");
        Assert.Contains(Reasons(6), m => m.Contains("live[1].at 'دیروز'", StringComparison.Ordinal));
        Assert.Contains(Reasons(6), m => m == "live[1].text is required");
        Assert.Contains(Reasons(6), m => m.Contains("live_ended_at", StringComparison.Ordinal));
        Assert.Contains(Reasons(7), m => m.Contains("video.src", StringComparison.Ordinal) && m.Contains("aparat.com", StringComparison.Ordinal));
        Assert.Contains(Reasons(8), m => m == "corrections[0].text is required");
        Assert.Contains(Reasons(8), m => m == "authors[0] must be a name");
        Assert.Contains(Reasons(8), m => m.Contains("breaking_until 'soon'", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Errors, e => e.Line == 1);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Empty(Directory.EnumerateFiles(factory.Folder, "*.jpg", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("https://www.aparat.com/v/abc12XYZ", "https://www.aparat.com/video/video/embed/videohash/abc12XYZ/vt/frame")]
    [InlineData("https://youtu.be/dQ9w-Xg4W0A", "https://www.youtube-nocookie.com/embed/dQ9w-Xg4W0A")]
    [InlineData("https://www.youtube.com/watch?v=dQ9w-Xg4W0A&t=10", "https://www.youtube-nocookie.com/embed/dQ9w-Xg4W0A")]
    public async Task EmbeddedVideo_IsFramedFromItsHostOnly_AndTheCspAllowsThatHost(string page, string player)
    {
        await using var factory = new KhabarFactory();
        Assert.Empty((await factory.ImportAsync($$$"""{"code":21,"type":"video","service":"علمی","title":"ویدیوی جاسازی‌شده از میزبان مجاز","published_at":"2026-11-20T08:00:00Z","video":{"src":"{{{page}}}"}}""")).Errors);
        var client = factory.Client();
        var response = await client.GetAsync((await client.GetAsync("/x/21")).Headers.Location!.OriginalString);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<iframe src=\"{player}\"", html);
        Assert.DoesNotContain("<video", html);
        Assert.Equal(player, ArticleTypesTests.JsonLd(html).GetProperty("video").GetProperty("embedUrl").GetString());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-src https://www.aparat.com https://www.youtube-nocookie.com;", csp);
        Assert.Contains("media-src 'self' https:;", csp);
    }

    [Fact]
    public async Task ImportingAgain_ReplacesTheListsItNames_AndLeavesTheOthers()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var again = await factory.ImportAsync(
            """{"code":8101,"type":"live","service":"ورزشی","title":"پوشش زنده فینال لیگ والیبال در سالن آزادی","published_at":"2026-11-20T06:00:00Z","live":[{"at":"2026-11-20T06:10:00Z","text":"تنها رویداد"}]}""");
        Assert.Empty(again.Errors);
        var id = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == Stories.Live).Select(a => a.Id).SingleAsync());
        var entries = await factory.WithDbAsync(db => db.LiveEntries.CountAsync(e => e.ArticleId == id));
        var authors = await factory.WithDbAsync(db => db.Bylines.CountAsync(b => b.ArticleId == id));
        Assert.Equal(1, entries);
        Assert.Equal(1, authors); // "authors" absent: the byline stays
    }

    [Fact]
    public async Task BreakingNews_StripsEveryPage_UntilItsEnd_ThenLeavesThem()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T08:00:00Z", CultureInfo.InvariantCulture));
        await using var factory = new KhabarFactory(clock: clock);
        await Stories.ImportAsync(factory, breakingUntil: clock.GetUtcNow().UtcDateTime.AddHours(1));
        var client = factory.Client();
        foreach (var path in new[] { "/", "/service/economy", "/photo", $"/x/{Stories.Photo}" })
        {
            var html = await client.HtmlAsync(path == $"/x/{Stories.Photo}" ? (await client.GetAsync(path)).Headers.Location!.OriginalString : path);
            Assert.Contains("id=\"breaking-title\" class=\"breaking-label\">خبر فوری</h2>", html);
            Assert.Contains("نرخ تورم نقطه‌ای آبان اعلام شد</a></li>", html);
        }

        clock.Advance(TimeSpan.FromMinutes(61));
        var gone = false;
        for (var i = 0; i < 100 && !gone; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1)); // the scheduled publisher's tick, on the fake clock
            await Task.Delay(50);
            gone = !(await client.HtmlAsync("/")).Contains("breaking-title", StringComparison.Ordinal);
        }

        Assert.True(gone, "the strip stayed after its end");
    }

    [Fact]
    public async Task MostDiscussed_RanksArticlesByCommentsPublishedInTheLast48Hours()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-22T08:00:00Z", CultureInfo.InvariantCulture));
        await using var factory = new KhabarFactory(clock: clock);
        string Comments(int published, int pending, string at) => "[" + string.Join(',',
            Enumerable.Range(0, published).Select(i => $$"""{"name":"خواننده","text":"نظر شمارهٔ {{i}} دربارهٔ {{at}}","created_at":"{{at}}","status":"published","ip":"5.160.0.{{i + 1}}"}""")
            .Concat(Enumerable.Range(0, pending).Select(i => $$"""{"name":"خواننده","text":"نظر در صف {{i}}","created_at":"{{at}}","status":"pending"}"""))) + "]";
        Assert.Empty((await factory.ImportAsync(
            $$"""{"code":11,"service":"سیاسی","title":"خبر با دو نظر تازه","published_at":"2026-11-21T08:00:00Z","comments":{{Comments(2, 5, "2026-11-21T12:00:00Z")}}}""",
            $$"""{"code":12,"service":"سیاسی","title":"خبر با سه نظر تازه","published_at":"2026-11-21T08:00:00Z","comments":{{Comments(3, 0, "2026-11-22T06:00:00Z")}}}""",
            $$"""{"code":13,"service":"سیاسی","title":"خبر با نظرهای کهنه","published_at":"2026-11-10T08:00:00Z","comments":{{Comments(6, 0, "2026-11-12T06:00:00Z")}}}""")).Errors);
        var html = await factory.Client().HtmlAsync("/");
        var block = html[html.IndexOf("id=\"discussed-title\">پربحث‌ترین‌ها</h2>", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.True(block.IndexOf("خبر با سه نظر تازه", StringComparison.Ordinal) < block.IndexOf("خبر با دو نظر تازه", StringComparison.Ordinal));
        Assert.Contains("خبر با دو نظر تازه", block);
        Assert.DoesNotContain("نظرهای کهنه", block);
        Assert.Contains("پربیننده‌ترین‌ها", html);
    }

    [Fact]
    public async Task FeaturedComment_ComesFirstAndMarked_FeaturingAWaitingOnePublishesIt_ARejectedOneIsRefused()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        var client = factory.Client();
        var url = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        var posted = await client.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "نگار", text = "این نظر برگزیده خواهد شد" });
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        var featured = await moderator.PostAsync($"/api/v1/moderation/comments/{id}/feature", null);
        Assert.Equal(HttpStatusCode.OK, featured.StatusCode);
        var html = await client.HtmlAsync(url);
        var list = html[html.IndexOf("class=\"comment-list\"", StringComparison.Ordinal)..];
        Assert.True(list.IndexOf("این نظر برگزیده خواهد شد", StringComparison.Ordinal) < list.IndexOf("پیگیری فوری", StringComparison.Ordinal));
        Assert.Contains("<span class=\"featured-badge\">نظر برگزیده</span>", list);
        Assert.Equal(CommentStatus.Published, await factory.WithDbAsync(db => db.Comments.Where(c => c.Id == id).Select(c => c.Status).SingleAsync()));
        using var api = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Samples.Code}/comments"));
        Assert.Contains(api.RootElement.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetInt64() == id && c.GetProperty("featured").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/v1/moderation/comments/{id}/unfeature", null)).StatusCode);
        Assert.DoesNotContain("featured-badge", await client.HtmlAsync(url));
        var rejected = await factory.WithDbAsync(db => db.Comments.Where(c => c.Status == CommentStatus.Rejected).Select(c => c.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await moderator.PostAsync($"/api/v1/moderation/comments/{rejected}/feature", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.PostAsync("/api/v1/moderation/comments/987654/feature", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/v1/moderation/comments/{id}/feature", null)).StatusCode);
    }

    [Fact]
    public async Task ALiveEntry_EvictsOnlyItsArticlesPages_TheHomePageStaysCached()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var cache = factory.Services.GetRequiredService<Khabar.Features.Caching.PageCache>();
        var reader = factory.Client();
        var url = (await reader.GetAsync($"/x/{Stories.Ongoing}")).Headers.Location!.OriginalString;
        foreach (var path in new[] { "/", url, "/", url })
        {
            await reader.HtmlAsync(path);
        }

        var rendered = cache.Renders;
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var token = Staff.Antiforgery(await editor.GetStringAsync($"/newsroom/articles/{Stories.Ongoing}/story"));
        using var entry = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("برف‌روبی معابر اصلی آغاز شد."), "text" } };
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Live", entry)).StatusCode);

        await reader.HtmlAsync("/");
        Assert.Equal(rendered, cache.Renders); // the home page came from the cache
        Assert.Contains("برف‌روبی معابر اصلی آغاز شد.", await reader.HtmlAsync(url));
        Assert.Equal(rendered + 1, cache.Renders); // the article's page was rendered again
    }

    [Fact]
    public async Task StoryPage_UploadsAVideoAndPoster_AndRefusesAFileThatIsNoVideo()
    {
        await using var factory = new KhabarFactory();
        Assert.Empty((await factory.ImportAsync("""{"code":31,"service":"علمی","title":"فیلم آزمایش بادبان خورشیدی","published_at":"2026-11-20T08:00:00Z"}""")).Errors);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var token = Staff.Antiforgery(await editor.GetStringAsync("/newsroom/articles/31/story"));
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync("/newsroom/articles/31/story?handler=Kind",
            Http.Form(("__RequestVerificationToken", token), ("type", "Video"), ("authors", "مینا فراهانی، خبرنگار علمی")))).StatusCode);

        using var fake = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent("not a video at all"u8.ToArray()), "video", "clip.mp4" } };
        var refused = await editor.PostAsync("/newsroom/articles/31/story?handler=Video", fake);
        Assert.Contains("ویدیوی شناخته‌شده‌ای نیست", await editor.GetStringAsync(refused.Headers.Location!.OriginalString));

        var clip = await File.ReadAllBytesAsync(Path.Combine(Repo.Root(), "tests", "Khabar.Tests", "Support", "Media", "clip.mp4"));
        using var poster = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(640, 360);
        using var posterBytes = new MemoryStream();
        await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(poster, posterBytes);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(clip), "video", "clip.mp4" },
            { new ByteArrayContent(posterBytes.ToArray()), "poster", "poster.png" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync("/newsroom/articles/31/story?handler=Video", upload)).StatusCode);

        var reader = factory.Client();
        var html = await reader.HtmlAsync((await reader.GetAsync("/x/31")).Headers.Location!.OriginalString);
        var src = System.Text.RegularExpressions.Regex.Match(html, "<source src=\"(/media/[^\"]+\\.mp4)\" type=\"video/mp4\">").Groups[1].Value;
        Assert.Equal(clip, await reader.GetByteArrayAsync(src));
        Assert.Contains("poster=\"/media/", html);
        Assert.Contains("<a rel=\"author\" href=\"/author/", html);
        Assert.Contains("خبرنگار علمی</a>", html);
    }

    [Fact]
    public async Task StoryPage_AnEditorAddsAnEntry_ACorrection_AndBreaking_AReporterMayNotTouchAPublishedStory()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var page = await editor.GetStringAsync($"/newsroom/articles/{Stories.Ongoing}/story");
        var token = Staff.Antiforgery(page);
        using var entry = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("ترافیک بزرگراه همت سنگین شد."), "text" },
            { new StringContent("true"), "key" }, { new StringContent("۰۸:۴۵"), "time" },
        };
        var added = await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Live", entry);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var reader = factory.Client();
        using var live = JsonDocument.Parse(await reader.GetStringAsync($"/api/v1/articles/{Stories.Ongoing}/live"));
        var first = live.RootElement.GetProperty("entries").EnumerateArray().First(e => e.GetProperty("key").GetBoolean());
        Assert.Contains("ترافیک بزرگراه همت سنگین شد.", first.GetProperty("html").GetString());
        Assert.EndsWith("T05:15:00Z", first.GetProperty("at").GetString()); // 08:45 in Tehran, today

        var corrected = await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Correction", Http.Form(("__RequestVerificationToken", token), ("text", "ساعت تعطیلی مدارس اصلاح شد.")));
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var breaking = await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Breaking", Http.Form(("__RequestVerificationToken", token), ("hours", "2")));
        Assert.Equal(HttpStatusCode.Redirect, breaking.StatusCode);
        var url = (await reader.GetAsync($"/x/{Stories.Ongoing}")).Headers.Location!.OriginalString;
        var html = await reader.HtmlAsync(url);
        Assert.Contains("ساعت تعطیلی مدارس اصلاح شد.", html);
        Assert.Contains("لحظه به لحظه با بارش برف در تهران</a></li>", html[..html.IndexOf("<main", StringComparison.Ordinal)]);

        var empty = await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Correction", Http.Form(("__RequestVerificationToken", token), ("text", "  ")));
        Assert.Contains("متن اصلاحیه را بنویسید", await editor.GetStringAsync(empty.Headers.Location!.OriginalString));

        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"/newsroom/articles/{Stories.Ongoing}/story")).StatusCode);
    }
}
