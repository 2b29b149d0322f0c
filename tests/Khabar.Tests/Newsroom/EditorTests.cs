using System.Globalization;
using System.Net;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Newsroom;

public class EditorTests
{
    internal static async Task<KhabarFactory> NewsroomAsync(FakeTimeProvider? clock = null)
    {
        var factory = new KhabarFactory(clock: clock);
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین سرویس سیاسی", "سیاسی", "2024-01-01T10:00:00Z"));
        return factory;
    }

    internal static async Task<int> ServiceIdAsync(KhabarFactory factory) =>
        await factory.WithDbAsync(db => db.Services.Select(s => s.Id).FirstAsync());

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, long? code, string action, params (string Key, string Value)[] fields)
    {
        var url = code is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{code}";
        var page = await client.GetStringAsync(url);
        var version = System.Text.RegularExpressions.Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        var all = new List<(string, string)> { ("__RequestVerificationToken", Staff.Antiforgery(page)), ("action", action), ("Version", version) };
        all.AddRange(fields);
        return await client.PostAsync(url, Http.Form([.. all]));
    }

    internal static (string, string)[] Fields(int serviceId, string title, string body = "<p>بند نخست خبر</p>") =>
        [("Title", title), ("Rotitr", "روتیتر آزمایشی"), ("Lead", "لید آزمایشی"), ("Body", body), ("ServiceId", serviceId.ToString(CultureInfo.InvariantCulture)), ("Tags", "آزمون، مجلس")];

    internal static long CodeFrom(HttpResponseMessage response) =>
        long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);

    [Fact]
    public async Task Reporter_DraftsWithArabicLetters_SeesThemNormalizedAndARevisionIsKept()
    {
        await using var factory = await NewsroomAsync();
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var service = await ServiceIdAsync(factory);
        var saved = await PostAsync(reporter, null, "save", Fields(service, "خبر تازهٔ خبرنگار دربارهٔ كار و زندگي 1404"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var code = CodeFrom(saved);
        var page = await reporter.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("نویسه\u200Cهای تیتر به شکل استاندارد فارسی درآمد", page);
        Assert.Contains("خبر تازهٔ خبرنگار دربارهٔ کار و زندگی ۱۴۰۴", page);
        var article = await factory.WithDbAsync(db => db.Articles.Include(a => a.Tags).SingleAsync(a => a.Code == code));
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Equal(2, article.Tags.Count);
        Assert.Equal(1, await factory.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == article.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/news/{code}")).StatusCode); // a draft is not public
    }

    [Fact]
    public async Task Reporter_CanSubmitButNotPublish()
    {
        await using var factory = await NewsroomAsync();
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var service = await ServiceIdAsync(factory);
        var code = CodeFrom(await PostAsync(reporter, null, "save", Fields(service, "پیش\u200Cنویس برای ارسال")));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(reporter, code, "submit", Fields(service, "پیش\u200Cنویس برای ارسال"))).StatusCode);
        Assert.Equal(ArticleStatus.InReview, await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Status).SingleAsync()));

        var publish = await PostAsync(reporter, code, "publish", Fields(service, "پیش\u200Cنویس برای ارسال"));
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(ArticleStatus.InReview, await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Reporter_CannotOpenSomeoneElsesDraft()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var first = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var code = CodeFrom(await PostAsync(first, null, "save", Fields(service, "پیش\u200Cنویس خبرنگار نخست")));
        var second = await Staff.CookieClientAsync(factory, Roles.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await second.GetAsync($"/newsroom/articles/edit/{code}")).StatusCode);
    }

    [Fact]
    public async Task Editor_Publishes_ArticleAppearsOnHomeAndIsAudited()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var code = CodeFrom(await PostAsync(reporter, null, "submit", Fields(service, "گزارش تازه برای صفحهٔ اول")));
        var home = await factory.Client().HtmlAsync("/"); // cached before publication
        Assert.DoesNotContain("گزارش تازه برای صفحهٔ اول", home);

        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(editor, code, "publish", Fields(service, "گزارش تازه برای صفحهٔ اول"))).StatusCode);
        Assert.Contains("گزارش تازه برای صفحهٔ اول", await factory.Client().HtmlAsync("/"));
        Assert.Equal(HttpStatusCode.MovedPermanently, (await factory.Client().GetAsync($"/x/{code}")).StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "publish" && a.Target.StartsWith($"article:{code}"))));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(editor, code, "unpublish", Fields(service, "گزارش تازه برای صفحهٔ اول"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/x/{code}")).StatusCode);
        Assert.DoesNotContain("گزارش تازه برای صفحهٔ اول", await factory.Client().HtmlAsync("/"));
    }

    [Fact]
    public async Task Scheduled_AppearsOnTheHomePageAtItsTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 19, 6, 0, 0, TimeSpan.Zero)); // 09:30 in Tehran
        await using var factory = await NewsroomAsync(clock);
        var service = await ServiceIdAsync(factory);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        // 31 Farvardin 1403, 11:00 Tehran = 07:30 UTC.
        var response = await PostAsync(editor, null, "schedule", [.. Fields(service, "خبر زمان\u200Cبندی\u200Cشدهٔ ساعت یازده"), ("ScheduleDate", "۱۴۰۳/۰۱/۳۱"), ("ScheduleTime", "۱۱:۰۰")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var code = CodeFrom(response);
        var article = await factory.WithDbAsync(db => db.Articles.SingleAsync(a => a.Code == code));
        Assert.Equal(ArticleStatus.Scheduled, article.Status);
        Assert.Equal(new DateTime(2024, 4, 19, 7, 30, 0, DateTimeKind.Utc), article.PublishedAt);

        var reader = factory.Client();
        Assert.DoesNotContain("خبر زمان\u200Cبندی\u200Cشدهٔ ساعت یازده", await reader.HtmlAsync("/"));
        clock.Advance(TimeSpan.FromMinutes(89));
        Assert.DoesNotContain("خبر زمان\u200Cبندی\u200Cشدهٔ ساعت یازده", await reader.HtmlAsync("/"));
        clock.Advance(TimeSpan.FromMinutes(2)); // 11:01 in Tehran

        var waited = System.Diagnostics.Stopwatch.StartNew();
        string home;
        do
        {
            await Task.Delay(100);
            home = await reader.HtmlAsync("/");
        }
        while (!home.Contains("خبر زمان\u200Cبندی\u200Cشدهٔ ساعت یازده", StringComparison.Ordinal) && waited.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains("خبر زمان\u200Cبندی\u200Cشدهٔ ساعت یازده", home);
        await Task.Delay(200);
        Assert.Equal(ArticleStatus.Published, await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("1403/01/31", "۲۵:۰۰", "schedule_time")]
    [InlineData("1403/13/01", "10:00", "schedule_date")]
    [InlineData("1402/01/01", "10:00", "schedule_date")] // in the past
    public async Task Schedule_BadDateOrTime_IsRefusedInPersian(string date, string time, string field)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 19, 6, 0, 0, TimeSpan.Zero));
        await using var factory = await NewsroomAsync(clock);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var response = await PostAsync(editor, null, "schedule", [.. Fields(await ServiceIdAsync(factory), "خبر"), ("ScheduleDate", date), ("ScheduleTime", time)]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(field == "schedule_time" ? "ساعت انتشار را به شکل" : "تاریخ", html);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Save_OverSomeoneElsesChange_IsRefusedWith409()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var code = CodeFrom(await PostAsync(editor, null, "save", Fields(service, "نسخهٔ نخست")));
        var page = await editor.GetStringAsync($"/newsroom/articles/edit/{code}");
        var staleVersion = System.Text.RegularExpressions.Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        await Task.Delay(20);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(editor, code, "save", Fields(service, "نسخهٔ دوم از همکار"))).StatusCode);

        var stale = await editor.PostAsync($"/newsroom/articles/edit/{code}", Http.Form(
            [("__RequestVerificationToken", Staff.Antiforgery(page)), ("action", "save"), ("Version", staleVersion), .. Fields(service, "نسخهٔ کهنه")]));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("به دست دیگری تغییر کرده است", await stale.Content.ReadAsStringAsync());
        Assert.Equal("نسخهٔ دوم از همکار", await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Title).SingleAsync()));
    }

    [Fact]
    public async Task Revisions_ShowAWordDiffAndRestoreAnEarlierTextThroughTheEditor()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var code = CodeFrom(await PostAsync(editor, null, "save", Fields(service, "تیتر نخست", "<p>جملهٔ اصلی خبر</p>")));
        await PostAsync(editor, code, "save", Fields(service, "تیتر بازنویسی\u200Cشده", "<p>جملهٔ تازهٔ خبر</p>"));
        var revisions = await editor.GetStringAsync($"/newsroom/articles/{code}/revisions");
        Assert.Contains("<del>نخست</del>", revisions);
        Assert.Contains("<ins>بازنویسی\u200Cشده</ins>", revisions);
        Assert.Contains("<del>اصلی</del>", revisions);

        // «بازگردانی» opens the editor with the old text; nothing is saved until the editor saves.
        var first = await factory.WithDbAsync(db => db.ArticleRevisions.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        Assert.Contains($"/newsroom/articles/edit/{code}?revision={first}", revisions);
        var restoring = await editor.GetStringAsync($"/newsroom/articles/edit/{code}?revision={first}");
        Assert.Contains("نسخهٔ ۱ در ویرایشگر آمد", restoring);
        Assert.Contains("value=\"تیتر نخست\"", restoring);
        Assert.Contains($"name=\"RestoredFrom\" value=\"{first}\"", restoring);
        Assert.Equal("تیتر بازنویسی\u200Cشده", await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Title).SingleAsync()));
        Assert.Equal(2, await factory.WithDbAsync(db => db.ArticleRevisions.CountAsync()));

        var saved = await PostAsync(editor, code, "save", [.. Fields(service, "تیتر نخست", "<p>جملهٔ اصلی خبر</p>"), ("RestoredFrom", first.ToString(CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("تیتر نخست", await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Title).SingleAsync()));
        var notes = await factory.WithDbAsync(db => db.ArticleRevisions.OrderBy(r => r.Id).Select(r => r.Note).ToListAsync());
        Assert.Equal(3, notes.Count);
        Assert.Equal("ذخیره (بازگردانی نسخهٔ ۱)", notes[^1]);
    }

    [Fact]
    public async Task Body_PastedFromWord_IsSanitizedOnSave()
    {
        await using var factory = await NewsroomAsync();
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var word = "<p class=\"MsoNormal\" style=\"mso-line-height-rule:exactly\"><span lang=\"FA\" style=\"font-family:'B Nazanin'\">متن از ورد</span><o:p></o:p></p><script>alert(1)</script><img src=x onerror=alert(2)>";
        var code = CodeFrom(await PostAsync(editor, null, "save", Fields(await ServiceIdAsync(factory), "خبر ورد", word)));
        var body = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.BodyHtml).SingleAsync());
        Assert.Contains("متن از ورد", body);
        Assert.DoesNotContain("script", body);
        Assert.DoesNotContain("onerror", body);
        Assert.DoesNotContain("mso-", body);
        Assert.DoesNotContain("MsoNormal", body);
    }


    [Fact]
    public async Task Autosave_CreatesThenUpdatesTheDraftAndAnswersJson()
    {
        await using var factory = await NewsroomAsync();
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var service = await ServiceIdAsync(factory);
        var response = await PostAsync(reporter, null, "autosave", Fields(service, "نوشتهٔ نیمه\u200Cتمام"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var code = json.RootElement.GetProperty("code").GetInt64();
        Assert.Equal(ArticleStatus.Draft, await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(reporter, code, "autosave", Fields(service, "نوشتهٔ نیمه\u200Cتمام"))).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.ArticleRevisions.CountAsync())); // unchanged text: no new revision
    }

    [Fact]
    public async Task HomeSlots_PutTheChosenArticleInTheLead()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Samples.Article(11, "خبر قدیمی برگزیدهٔ دبیر", "سیاسی", "2024-01-01T10:00:00Z"),
            Samples.Article(12, "تازه\u200Cترین خبر", "سیاسی", "2024-01-02T10:00:00Z"));
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var page = await editor.GetStringAsync("/newsroom/home");
        var response = await editor.PostAsync("/newsroom/home", Http.Form(("slot", "11"), ("slot", ""), ("__RequestVerificationToken", Staff.Antiforgery(page))));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var home = await factory.Client().HtmlAsync("/");
        var lead = home[home.IndexOf("class=\"lead-story\"", StringComparison.Ordinal)..];
        Assert.Contains("خبر قدیمی برگزیدهٔ دبیر", lead[..lead.IndexOf("</article>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task TagSuggestions_FindTagsByPrefix()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر", "سیاسی", "2024-01-01T10:00:00Z", "[\"مجلس شورای اسلامی\", \"مجری\"]"));
        var reporter = await Staff.BearerClientAsync(factory, Roles.Reporter);
        var names = await reporter.GetStringAsync("/newsroom/api/tags?q=" + Uri.EscapeDataString("مج"));
        Assert.Contains("مجلس شورای اسلامی", names);
        Assert.Contains("مجری", names);
        var moderator = await Staff.BearerClientAsync(factory, Roles.Moderator);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync("/newsroom/api/tags?q=x")).StatusCode);
    }

    [Fact]
    public void Jalali_ScheduleDateUsedInTests_IsTheRightDay() =>
        Assert.Equal(new JalaliDate(1403, 1, 31), Jalali.DateOf(new DateTime(2024, 4, 19, 7, 30, 0, DateTimeKind.Utc)));
}
