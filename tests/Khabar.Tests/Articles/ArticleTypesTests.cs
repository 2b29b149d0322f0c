using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khabar.Storage;
using Khabar.Tests.Newsroom;

namespace Khabar.Tests.Articles;

/// <summary>
/// Issue 23 through its import contract: each article type's page, its JSON-LD and its listing; the live JSON endpoint;
/// corrections in page, JSON-LD and feeds; bylines, author pages and their RSS; sources.
/// </summary>
public sealed partial class ArticleTypesTests
{
    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLdBlock();

    public static JsonElement JsonLd(string html) =>
        JsonDocument.Parse(WebUtility.HtmlDecode(JsonLdBlock().Match(html).Groups[1].Value)).RootElement[0].Clone();

    private static async Task<(HttpClient Client, string Html, string Url)> PageAsync(KhabarFactory factory, long code)
    {
        var client = factory.Client();
        var url = (await client.GetAsync($"/x/{code}")).Headers.Location!.OriginalString;
        return (client, await client.HtmlAsync(url), url);
    }

    [Fact]
    public async Task LiveArticle_ShowsKeyEventsFirst_ThenTheRestNewestFirst_TheEndOfCoverage_AndLiveBlogPosting()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var (_, html, _) = await PageAsync(factory, Stories.Live);
        var section = html[html.IndexOf("id=\"live\"", StringComparison.Ordinal)..];

        var order = new[] { "قهرمانی با برد سه بر یک", "ست نخست با نتیجهٔ ۲۵ بر ۲۱", "مربی مهمان وقت استراحت گرفت", "تیم‌ها برای گرم کردن" }
            .Select(t => section.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i > 0));
        Assert.Equal(order.Order(), order); // key events (newest first), then the others newest first
        Assert.Contains("رویدادهای کلیدی", html);
        Assert.Contains("پایان پوشش زنده", html);
        Assert.DoesNotContain("<script>alert", html); // entries are cleaned as article bodies are
        // Tehran time, Jalali date: 2026-11-20T09:20Z is 12:50 on 29 آبان 1405.
        Assert.Contains("۱۲:۵۰ ۲۹ آبان ۱۴۰۵", html);

        var ld = JsonLd(html);
        Assert.Equal("LiveBlogPosting", ld.GetProperty("@type").GetString());
        Assert.Equal("2026-11-20T09:30:00+03:30", ld.GetProperty("coverageStartTime").GetString());
        Assert.Equal("2026-11-20T13:00:00+03:30", ld.GetProperty("coverageEndTime").GetString());
        var updates = ld.GetProperty("liveBlogUpdate").EnumerateArray().ToList();
        Assert.Equal(4, updates.Count);
        Assert.All(updates, u => Assert.Equal("BlogPosting", u.GetProperty("@type").GetString()));
        Assert.Equal("2026-11-20T12:50:00+03:30", updates[0].GetProperty("datePublished").GetString());
        Assert.Equal("ست نخست با نتیجهٔ ۲۵ بر ۲۱ به میزبان رسید.", updates[2].GetProperty("articleBody").GetString());
    }

    [Fact]
    public async Task LiveEndpoint_AnswersTheEntriesAfterTheGivenOne_SaysWhetherCoverageEnded_AndRefusesJunk()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var client = factory.Client();

        using var all = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Live}/live"));
        var entries = all.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(4, entries.Count);
        Assert.True(all.RootElement.GetProperty("ended").GetBoolean());
        Assert.Equal("2026-11-20T09:30:00Z", all.RootElement.GetProperty("ended_at").GetString());
        var ids = entries.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Max(), all.RootElement.GetProperty("last_id").GetInt64());

        var secondOldest = ids.Order().ElementAt(1);
        using var newer = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Live}/live?after={secondOldest}"));
        Assert.Equal(ids.Order().Skip(2).OrderDescending(), newer.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        Assert.StartsWith("مربی مهمان وقت استراحت گرفت.", newer.RootElement.GetProperty("entries")[1].GetProperty("html").GetString());
        Assert.DoesNotContain("<script", newer.RootElement.GetProperty("entries")[1].GetProperty("html").GetString());

        using var ongoing = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Ongoing}/live"));
        Assert.False(ongoing.RootElement.GetProperty("ended").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/articles/{Stories.Live}/live?after=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/articles/{Stories.Photo}/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/articles/999999/live")).StatusCode);
    }

    [Fact]
    public async Task PhotoReport_StoresTheFilesBesideTheImport_ShowsAGalleryInOrder_AndImageObjects()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var (client, html, _) = await PageAsync(factory, Stories.Photo);

        var photos = Regex.Matches(html, "<li class=\"gallery-item\" id=\"photo-(\\d)\">.*?<img src=\"([^\"]+)\"", RegexOptions.Singleline);
        Assert.Equal(["1", "2", "3"], photos.Select(m => m.Groups[1].Value));
        var first = photos[0].Groups[2].Value;
        Assert.Matches("^/media/\\d{4}/\\d{2}/[0-9a-f]{32}-16x9-960\\.jpg$", first);
        Assert.Equal("https://images.example.org/kashan-3.jpg", photos[2].Groups[2].Value);
        foreach (var variant in new[] { "16x9-960", "16x9-480", "4x3-1200", "1x1-1200" })
        {
            var response = await client.GetAsync(first.Replace("16x9-960", variant, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        }

        Assert.True(html.IndexOf("راستهٔ انارفروشان", StringComparison.Ordinal) < html.IndexOf("رودخانهٔ کنار بازار", StringComparison.Ordinal));
        Assert.Contains("عکس: آژانس عکس شهر", html);
        Assert.Contains("<a href=\"#photo-2\"", html); // the numbered links work without script
        Assert.Contains("گزارش تصویری", html);

        var images = JsonLd(html).GetProperty("image").EnumerateArray().ToList();
        Assert.Equal(3, images.Count);
        Assert.All(images, i => Assert.Equal("ImageObject", i.GetProperty("@type").GetString()));
        Assert.Equal("رودخانهٔ کنار بازار در شب", images[1].GetProperty("caption").GetString());
        Assert.Equal("آژانس عکس شهر", images[1].GetProperty("creditText").GetString());
        Assert.EndsWith(first, images[0].GetProperty("contentUrl").GetString());

        var listing = await client.HtmlAsync("/photo");
        Assert.Contains("گزارش تصویری از بازار سنتی کاشان", listing);
        Assert.DoesNotContain("پرتاب موشک کاوشگر", listing);
        Assert.Contains("پرتاب موشک کاوشگر", await client.HtmlAsync("/video"));
    }

    [Fact]
    public async Task VideoArticle_StoresTheFile_ServesItByRanges_WithItsPoster_AndAVideoObject()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var (client, html, _) = await PageAsync(factory, Stories.Video);

        var video = Regex.Match(html, "<video[^>]*poster=\"([^\"]+)\"[^>]*>\\s*<source src=\"([^\"]+)\" type=\"video/mp4\">");
        Assert.True(video.Success, html);
        Assert.Matches("^/media/\\d{4}/\\d{2}/[0-9a-f]{32}\\.mp4$", video.Groups[2].Value);
        Assert.Matches("-16x9-960\\.jpg$", video.Groups[1].Value);
        var original = await File.ReadAllBytesAsync(Path.Combine(factory.Folder, "clip.mp4"));
        using var range = new HttpRequestMessage(HttpMethod.Get, video.Groups[2].Value);
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(original.AsSpan(100, 100).ToArray(), await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(original.Length, partial.Content.Headers.ContentRange!.Length);

        var ld = JsonLd(html).GetProperty("video");
        Assert.Equal("VideoObject", ld.GetProperty("@type").GetString());
        Assert.EndsWith(video.Groups[2].Value, ld.GetProperty("contentUrl").GetString());
        Assert.EndsWith(video.Groups[1].Value, ld.GetProperty("thumbnailUrl").GetString());
        Assert.Equal("2026-11-20T11:30:00+03:30", ld.GetProperty("uploadDate").GetString());

        var rss = await client.GetStringAsync("/rss");
        Assert.Matches("<enclosure url=\"http://localhost/media/[^\"]+\\.mp4\" type=\"video/mp4\" length=\"" + original.Length + "\"", rss);
    }

    [Fact]
    public async Task Correction_ShowsAtTheEnd_SetsDateModified_AndListsTheArticleAgainInTheFeeds()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var (client, html, _) = await PageAsync(factory, Stories.Corrected);

        var section = html.IndexOf("id=\"corrections-title\">اصلاحیه</h2>", StringComparison.Ordinal);
        Assert.True(section > html.IndexOf("تورم نقطه‌ای آبان سی و دو درصد بود", StringComparison.Ordinal));
        Assert.Contains("۳۰ آبان ۱۴۰۵", html[section..]); // 2026-11-21T10:15Z in Tehran
        var ld = JsonLd(html);
        Assert.Equal("2026-11-21T13:45:00+03:30", ld.GetProperty("dateModified").GetString());
        var correction = Assert.Single(ld.GetProperty("correction").EnumerateArray().ToList());
        Assert.Equal("CorrectionComment", correction.GetProperty("@type").GetString());
        Assert.Equal("2026-11-21T13:45:00+03:30", correction.GetProperty("datePublished").GetString());
        Assert.StartsWith("در نسخهٔ نخست، نرخ تورم", correction.GetProperty("text").GetString());

        // Published first of the five, corrected last: the feed lists it on top, updated at the correction.
        var atom = await client.GetStringAsync("/atom");
        var entries = Regex.Matches(atom, "<entry>.*?</entry>", RegexOptions.Singleline);
        Assert.Contains("نرخ تورم نقطه‌ای آبان", entries[0].Value);
        Assert.Contains("<updated>2026-11-21T10:15:00Z</updated>", entries[0].Value);
    }

    [Fact]
    public async Task Bylines_LinkToAuthorPages_WithTheirOwnRss_PersonsInJsonLd_AndSourcesFilter()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var (client, html, _) = await PageAsync(factory, Stories.Corrected);

        var links = Regex.Matches(html, "<a rel=\"author\" href=\"(/author/[^\"]+)\">([^<]+)</a>");
        Assert.Equal(["سمانه رحیمی", "خبرنگار ایسنا"], links.Select(m => m.Groups[2].Value));
        var authors = JsonLd(html).GetProperty("author").EnumerateArray().ToList();
        Assert.Equal(["Person", "Person"], authors.Select(a => a.GetProperty("@type").GetString()));
        Assert.Equal("http://localhost" + links[0].Groups[1].Value, Uri.UnescapeDataString(authors[0].GetProperty("url").GetString()!));

        var page = await client.HtmlAsync(WebUtility.HtmlDecode(links[0].Groups[1].Value));
        Assert.Contains("نرخ تورم نقطه‌ای آبان", page);
        Assert.Contains("پوشش زنده فینال لیگ والیبال", page); // she signed the live coverage too
        Assert.DoesNotContain("بازار سنتی کاشان", page);
        var rss = await client.GetStringAsync(WebUtility.HtmlDecode(links[0].Groups[1].Value) + "/rss");
        Assert.Equal(2, Regex.Count(rss, "<item>"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/author/no-such-author")).StatusCode);

        Assert.Contains("منبع: <a href=\"/source/", html);
        var source = await client.HtmlAsync("/source/" + Uri.EscapeDataString("مرکز آمار"));
        Assert.Contains("نرخ تورم نقطه‌ای آبان", source);
        Assert.DoesNotContain("والیبال", source);
    }

    [Fact]
    public async Task ReadApi_ReturnsTheTypesAndTheirParts()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var client = factory.Client();

        using var live = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Live}"));
        Assert.Equal("live", live.RootElement.GetProperty("type").GetString());
        Assert.Equal(4, live.RootElement.GetProperty("live").GetArrayLength());
        Assert.Equal("2026-11-20T09:30:00Z", live.RootElement.GetProperty("live_ended_at").GetString());
        using var photo = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Photo}"));
        Assert.Equal(["کامران نیک‌نام", "آژانس عکس شهر", "آرشیو"], photo.RootElement.GetProperty("photos").EnumerateArray().Select(p => p.GetProperty("credit").GetString()));
        using var video = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Video}"));
        Assert.EndsWith(".mp4", video.RootElement.GetProperty("video").GetProperty("src").GetString());
        using var news = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/articles/{Stories.Corrected}"));
        Assert.Equal("news", news.RootElement.GetProperty("type").GetString());
        Assert.Equal(["سمانه رحیمی", "خبرنگار ایسنا"], news.RootElement.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Single(news.RootElement.GetProperty("corrections").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, news.RootElement.GetProperty("breaking_until").ValueKind);
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/v1/articles"));
        Assert.Contains(list.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("type").GetString() == "photo");
    }

    [Fact]
    public async Task Search_FindsALivePageByItsEntries_APhotoReportByItsCaptions_AndAnEntryAddedInTheNewsroom()
    {
        await using var factory = new KhabarFactory();
        await Stories.ImportAsync(factory);
        var client = factory.Client();
        async Task<List<long>> SearchAsync(string q)
        {
            using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)));
            return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetInt64())];
        }

        Assert.Equal([Stories.Live], await SearchAsync("مربی مهمان"));          // an entry's words, none in title, lead or body
        Assert.Equal([Stories.Photo], await SearchAsync("تیمچه امین‌الدوله"));  // a caption's
        Assert.Empty(await SearchAsync("بزرگراه همت"));

        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var token = Staff.Antiforgery(await editor.GetStringAsync($"/newsroom/articles/{Stories.Ongoing}/story"));
        using var entry = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("ترافیک بزرگراه همت سنگین شد."), "text" },
        };
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync($"/newsroom/articles/{Stories.Ongoing}/story?handler=Live", entry)).StatusCode);
        Assert.Equal([Stories.Ongoing], await SearchAsync("بزرگراه همت"));
    }
}
