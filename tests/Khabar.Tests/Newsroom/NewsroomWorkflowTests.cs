using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Newsroom;

/// <summary>The newsroom's daily work over real HTTP: live articles, revisions, services, previews, the list, the dashboard.</summary>
public partial class NewsroomWorkflowTests
{
    private static async Task<int> ServiceIdAsync(KhabarFactory factory, string name = "سیاسی") =>
        await factory.WithDbAsync(db => db.Services.Where(s => s.Name == name).Select(s => s.Id).FirstAsync());

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, long? code, string action, params (string Key, string Value)[] fields)
    {
        var url = code is null ? "/newsroom/articles/edit" : $"/newsroom/articles/edit/{code}";
        var page = await client.GetStringAsync(url + (code is null ? "" : "?live=true"));
        var all = new List<(string, string)> { ("__RequestVerificationToken", Staff.Antiforgery(page)), ("action", action), ("Version", VersionField().Match(page).Groups[1].Value) };
        all.AddRange(fields);
        return await client.PostAsync(url, Http.Form([.. all]));
    }

    private static (string, string)[] Fields(int serviceId, string title, string body = "<p>بند نخست خبر</p>", string caption = "", string source = "") =>
        [("Title", title), ("Rotitr", ""), ("Lead", "لید " + title), ("Body", body), ("ServiceId", serviceId.ToString(CultureInfo.InvariantCulture)),
            ("Tags", "آزمون"), ("ImageCaption", caption), ("Source", source)];

    private static long CodeFrom(HttpResponseMessage response) =>
        long.Parse(response.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);

    private static async Task<KhabarFactory> NewsroomAsync(FakeTimeProvider? clock = null)
    {
        var factory = new KhabarFactory(clock: clock);
        await factory.ImportAsync(Samples.Article(1, "خبر پیشین سرویس سیاسی", "سیاسی", "2024-01-01T10:00:00Z"));
        return factory;
    }

    [Fact]
    public async Task LiveArticle_SaveAndAutosave_KeepReadersOnThePublishedText_UntilSomeonePublishes()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var code = CodeFrom(await PostAsync(editor, null, "publish", Fields(service, "تیتر منتشرشده", "<p>متن منتشرشده</p>")));
        var reader = factory.Client();
        Assert.Contains("متن منتشرشده", await ReadArticleAsync(reader, code));

        // Autosave of half-written changes: stored, answered as pending, never shown to readers.
        var autosave = await PostAsync(editor, code, "autosave", Fields(service, "تیتر نیمه\u200Cکاره", "<p>متن نیمه\u200Cکاره</p>"));
        Assert.Equal(HttpStatusCode.OK, autosave.StatusCode);
        Assert.Contains("\"pending\":true", await autosave.Content.ReadAsStringAsync());
        var page = await ReadArticleAsync(reader, code);
        Assert.Contains("تیتر منتشرشده", page);
        Assert.DoesNotContain("نیمه\u200Cکاره", page);

        // The editor reopens with the pending changes and says so; «ذخیره بدون انتشار» keeps them pending too.
        var reopened = await editor.GetStringAsync($"/newsroom/articles/edit/{code}");
        Assert.Contains("value=\"تیتر نیمه\u200Cکاره\"", reopened);
        Assert.Contains("تغییرات منتشرنشده‌ای", reopened);
        Assert.Contains("ذخیره بدون انتشار", reopened);
        Assert.Contains("value=\"تیتر منتشرشده\"", await editor.GetStringAsync($"/newsroom/articles/edit/{code}?live=true"));
        var saved = await PostAsync(editor, code, "save", Fields(service, "تیتر بازبینی\u200Cشده", "<p>متن بازبینی\u200Cشده</p>"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.DoesNotContain("بازبینی\u200Cشده", await ReadArticleAsync(reader, code));
        Assert.Equal("تیتر منتشرشده", await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.Title).SingleAsync()));

        // Publishing is what changes the page.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(editor, code, "publish", Fields(service, "تیتر بازبینی\u200Cشده", "<p>متن بازبینی\u200Cشده</p>"))).StatusCode);
        Assert.Contains("متن بازبینی\u200Cشده", await ReadArticleAsync(reader, code));
        Assert.DoesNotContain("تغییرات منتشرنشده‌ای", await editor.GetStringAsync($"/newsroom/articles/edit/{code}"));
    }

    private static async Task<string> ReadArticleAsync(HttpClient reader, long code)
    {
        var response = await reader.GetAsync($"/x/{code}");
        return await reader.HtmlAsync(response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Revisions_AreNumberedWithinTheArticle_AndTheDiffCoversServiceCaptionSourceAndListItems()
    {
        await using var factory = await NewsroomAsync();
        await factory.ImportAsync(Samples.Article(2, "خبر پیشین سرویس علمی", "علمی", "2024-01-01T11:00:00Z"));
        var politics = await ServiceIdAsync(factory);
        var science = await ServiceIdAsync(factory, "علمی");
        var scienceName = await factory.WithDbAsync(db => db.Services.Where(s => s.Id == science).Select(s => s.Name).FirstAsync());
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);
        var code = CodeFrom(await PostAsync(editor, null, "save", Fields(politics, "خبر نسخه\u200Cدار", "<ul><li>نشست هفته\u200Cای</li><li>فونت تازه</li></ul>", "زیرنویس نخست", "منبع نخست")));
        // Another article's save in between: its revision must not make a gap in this article's numbers.
        await PostAsync(editor, null, "save", Fields(politics, "خبری دیگر"));
        await PostAsync(editor, code, "save", Fields(science, "خبر نسخه\u200Cدار", "<ul><li>نشست هفته\u200Cای</li><li>فونت تازه</li></ul>", "زیرنویس دوم", "منبع دوم"));
        await PostAsync(editor, code, "save", Fields(science, "خبر نسخه\u200Cدار", "<ul><li>نشست ماهانه</li><li>فونت تازه</li></ul>", "زیرنویس دوم", "منبع دوم"));

        var html = await editor.GetStringAsync($"/newsroom/articles/{code}/revisions");
        var numbers = Regex.Matches(html, "<tr[^>]*>\\s*<td>([۰-۹]+)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["۳", "۲", "۱"], numbers);
        Assert.Contains("تفاوت نسخهٔ ۲ با نسخهٔ ۳", html);
        Assert.True(html.Contains("<del>هفته\u200Cای</del>", StringComparison.Ordinal), html[html.IndexOf("diff-body", StringComparison.Ordinal)..][..600]);
        Assert.DoesNotContain("هفته\u200Cایفونت", html); // list items stay apart

        var second = await editor.GetStringAsync($"/newsroom/articles/{code}/revisions?to=" + await RevisionIdAsync(factory, code, 2) + "&from=" + await RevisionIdAsync(factory, code, 1));
        Assert.Contains($"<ins>{scienceName}</ins>", second);
        Assert.Contains("<del>سیاسی</del>", second);
        Assert.Contains("<del>نخست</del><ins>دوم</ins>", second.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("سرویس (تغییر کرده)", second);
        Assert.Contains("منبع (تغییر کرده)", second);
        Assert.Contains("زیرنویس تصویر (تغییر کرده)", second);
    }

    private static Task<long> RevisionIdAsync(KhabarFactory factory, long code, int number) =>
        factory.WithDbAsync(async db =>
        {
            var id = await db.Articles.Where(a => a.Code == code).Select(a => a.Id).SingleAsync();
            return await db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Id).Skip(number - 1).Select(r => r.Id).FirstAsync();
        });

    [Fact]
    public async Task NewArticle_HasNoDefaultService_AndIsRefusedWithoutOne_EvenAfterAnAutosave()
    {
        await using var factory = await NewsroomAsync();
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var form = await reporter.GetStringAsync("/newsroom/articles/edit");
        Assert.Matches("<option value=\"\" disabled selected=\"selected\">— سرویس را انتخاب کنید —</option>", form);
        Assert.DoesNotMatch("<option value=\"\\d+\" selected", form);

        var refused = await PostAsync(reporter, null, "save", [("Title", "خبر بی\u200Cسرویس"), ("Body", "<p>متن</p>"), ("ServiceId", "")]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("سرویس خبر را انتخاب کنید.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, await factory.WithDbAsync(db => db.Articles.CountAsync()));

        // An autosave keeps the draft, but the editor still asks for the service when it is opened again.
        var autosave = await PostAsync(reporter, null, "autosave", [("Title", "پیش\u200Cنویس بی\u200Cسرویس"), ("Body", "<p>متن</p>"), ("ServiceId", "")]);
        Assert.Equal(HttpStatusCode.OK, autosave.StatusCode);
        var code = System.Text.Json.JsonDocument.Parse(await autosave.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt64();
        var reopened = await reporter.GetStringAsync($"/newsroom/articles/edit/{code}");
        Assert.Contains("value=\"پیش\u200Cنویس بی\u200Cسرویس\"", reopened);
        Assert.Contains("<option value=\"\" disabled selected=\"selected\">", reopened);
    }

    [Fact]
    public async Task Preview_OfAnUnsavedArticle_ShowsItAsReadersWouldAndSavesNothing()
    {
        await using var factory = await NewsroomAsync();
        var service = await ServiceIdAsync(factory);
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        var form = await reporter.GetStringAsync("/newsroom/articles/edit");
        var preview = await reporter.PostAsync("/newsroom/articles/preview", Http.Form(
            [("__RequestVerificationToken", Staff.Antiforgery(form)), ("action", "preview"), .. Fields(service, "تیتر پیش از ذخیره", "<p>متنی&nbsp;که&nbsp;هنوز&nbsp;ذخیره نشده</p>")]));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"title\">تیتر پیش از ذخیره</h1>", html);
        Assert.Contains("متنی که هنوز ذخیره نشده", html);
        Assert.Contains("چیزی ذخیره یا منتشر نشده است", html);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Articles.CountAsync()));
        var anonymous = await factory.Client().PostAsync("/newsroom/articles/preview", Http.Form(Fields(service, "x")));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Fact]
    public async Task EditorBodies_AreStoredWithOrdinarySpaces_WhateverTheSource()
    {
        // Quill 2's semantic HTML, Word's runs and a literal U+00A0: one space each, the words kept.
        Assert.Equal("<p>به گزارش خبرنگار ما</p>", BodyHtml.Clean("<p>به&nbsp;گزارش&nbsp;&nbsp;خبرنگار \u00A0ما</p>"));
        Assert.Equal("<ul><li><strong>نخست</strong> بند</li></ul>", BodyHtml.Clean("<ul><li><strong>نخست</strong>&nbsp;بند</li></ul>"));
        Assert.Equal("نشست هفته\u200Cای\nفونت تازه", BodyHtml.ToPlainText("<ul><li>نشست هفته\u200Cای</li><li>فونت تازه</li></ul>"));

        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync("""{"code":42,"service":"سیاسی","title":"خبر واردشده","body":"<p>متن&nbsp;وارد&nbsp;شده&nbsp;با&nbsp;فاصله\u200Cهای&nbsp;نشکن</p>","published_at":"2024-01-01T10:00:00Z"}""");
        Assert.Equal(1, report.Created);
        var body = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == 42).Select(a => a.BodyHtml).SingleAsync());
        Assert.DoesNotContain("&nbsp;", body);
        Assert.DoesNotContain("\u00A0", body);
        Assert.Contains("متن وارد شده با فاصله\u200Cهای نشکن", body);
    }

    [Fact]
    public async Task Migration_RepairsBodiesStoredWithNonBreakingSpaces()
    {
        var folder = Path.Combine(Path.GetTempPath(), "khabar-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connection = $"Data Source={Path.Combine(folder, "old.db")};Pooling=false";
        try
        {
            var options = new DbContextOptionsBuilder<SqliteNewsDb>().UseSqlite(connection).Options;
            await using (var db = new SqliteNewsDb(options))
            {
                // The schema as it was before the repair, and a body as Quill wrote it then.
                await db.GetService<IMigrator>().MigrateAsync("20261127211115_CommentTextKey");
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO Services (Slug, Name, Color, SortOrder) VALUES ('politics', 'سیاسی', '#000000', 1);
                    INSERT INTO Articles (Code, Rotitr, Title, Lead, BodyHtml, Slug, ServiceId, Status, CreatedAt, UpdatedAt, ViewCount, AuthorName)
                    VALUES (5, '', 'خبر کهنه', '', '<p>به&nbsp;گزارش&nbsp;خبرنگار</p>', 'x', 1, 3, '2024-01-01', '2024-01-01', 0, '');
                    INSERT INTO ArticleRevisions (ArticleId, At, UserName, Rotitr, Title, Lead, BodyHtml, ServiceId, Tags, Note)
                    VALUES (1, '2024-01-01', 'a', '', 'خبر کهنه', '', '<p>نسخه&nbsp;کهنه</p>', 1, '', 'ذخیره');
                    """);
                await db.Database.MigrateAsync();
            }

            await using (var db = new SqliteNewsDb(options))
            {
                Assert.Equal("<p>به گزارش خبرنگار</p>", await db.Articles.Select(a => a.BodyHtml).SingleAsync());
                Assert.Equal("<p>نسخه کهنه</p>", await db.ArticleRevisions.Select(r => r.BodyHtml).SingleAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ArticleList_FindsByTitleOrCode_AndListsByPublicationTime()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Samples.Article(301, "بودجهٔ شهرداری در شورا", "سیاسی", "2024-03-01T10:00:00Z"),
            Samples.Article(302, "مسابقهٔ فوتبال جوانان", "ورزشی", "2024-05-01T10:00:00Z"),
            Samples.Article(303, "بودجهٔ آموزش و پرورش", "اجتماعی", "2024-04-01T10:00:00Z"));
        // An edit of the oldest makes it the most recently changed, not the newest.
        await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == 301).ExecuteUpdateAsync(s => s.SetProperty(a => a.UpdatedAt, new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc))));
        var editor = await Staff.CookieClientAsync(factory, Roles.Editor);

        var all = await editor.GetStringAsync("/newsroom/articles");
        Assert.True(all.IndexOf("مسابقهٔ فوتبال", StringComparison.Ordinal) < all.IndexOf("آموزش و پرورش", StringComparison.Ordinal));
        Assert.True(all.IndexOf("آموزش و پرورش", StringComparison.Ordinal) < all.IndexOf("بودجهٔ شهرداری", StringComparison.Ordinal));

        var found = await editor.GetStringAsync("/newsroom/articles?q=" + Uri.EscapeDataString("بودجه"));
        Assert.Contains("بودجهٔ شهرداری", found);
        Assert.Contains("آموزش و پرورش", found);
        Assert.DoesNotContain("مسابقهٔ فوتبال", found);
        var byCode = await editor.GetStringAsync("/newsroom/articles?q=" + Uri.EscapeDataString("۳۰۲"));
        Assert.Contains("مسابقهٔ فوتبال", byCode);
        Assert.DoesNotContain("بودجه", byCode);
        Assert.Contains("خبری با «هیچ‌چیز» در این فهرست نیست.", await editor.GetStringAsync("/newsroom/articles?q=" + Uri.EscapeDataString("هیچ‌چیز")));
    }

    [Fact]
    public async Task Dashboard_OffersANewArticleToWriters_AndTheQueueToModerators()
    {
        await using var factory = new KhabarFactory();
        var reporter = await Staff.CookieClientAsync(factory, Roles.Reporter);
        Assert.Contains("<a class=\"button\" href=\"/newsroom/articles/edit\">خبر تازه</a>", await reporter.GetStringAsync("/newsroom"));
        var moderator = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var desk = await moderator.GetStringAsync("/newsroom");
        Assert.DoesNotContain("خبر تازه", desk);
        Assert.Contains("صف نظرها", desk);
    }
}
