using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khabar.Tests.Newsroom;

public class EditorBrowserTests
{
    private static async Task LoginAsync(IPage page, string baseUrl, string email)
    {
        await page.GotoAsync($"{baseUrl}/newsroom/login");
        await page.FillAsync("#l-email", email);
        await page.FillAsync("#l-password", Staff.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/newsroom");
    }

    [Fact]
    public async Task ReporterWritesAndSubmits_EditorPublishes_ItAppearsOnTheHomePage()
    {
        await using var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.Article(1, "خبری که پیش\u200Cتر منتشر شده", "سیاسی", "2024-01-01T10:00:00Z"));
        var reporterEmail = await Staff.CreateAsync(factory, Roles.Reporter);
        var editorEmail = await Staff.CreateAsync(factory, Roles.Editor);
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Chromium.Args });
        var errors = new List<string>();

        // The reporter writes in the rich-text editor and submits for review.
        var reporter = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        reporter.PageError += (_, e) => errors.Add(e);
        await LoginAsync(reporter, baseUrl, reporterEmail);
        await reporter.GotoAsync($"{baseUrl}/newsroom/articles/edit");
        await reporter.FillAsync("#e-rotitr", "گزارش میدانی");
        await reporter.FillAsync("#e-title", "بازگشایی کتابخانهٔ محله پس از نوسازی");
        await reporter.FillAsync("#e-lead", "کتابخانهٔ محله با قفسه\u200Cهای تازه دوباره باز شد.");
        await reporter.SelectOptionAsync("#e-service", new SelectOptionValue { Label = "سیاسی" });
        await reporter.ClickAsync(".ql-editor");
        await reporter.Keyboard.TypeAsync("کتابخانه از امروز هر روز تا ساعت ۲۰ باز است.");
        await reporter.FillAsync("#e-tags", "کتابخانه، محله");
        await reporter.ClickAsync("button[value=submit]");
        await reporter.WaitForURLAsync("**/newsroom/articles/edit/*");
        await Assertions.Expect(reporter.Locator(".notice.success")).ToContainTextAsync("خبر برای دبیر فرستاده شد.");
        Assert.Equal(0, await reporter.Locator("button[value=publish]").CountAsync());
        var code = long.Parse(reporter.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        // The editor finds it in review and publishes it.
        var editor = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        editor.PageError += (_, e) => errors.Add(e);
        await LoginAsync(editor, baseUrl, editorEmail);
        await editor.ClickAsync("a[href='/newsroom/articles?status=review']");
        await editor.ClickAsync("text=بازگشایی کتابخانهٔ محله پس از نوسازی");
        await Assertions.Expect(editor.Locator(".ql-editor")).ToContainTextAsync("تا ساعت ۲۰ باز است");
        await editor.ClickAsync("button[value=publish]");
        await Assertions.Expect(editor.Locator(".notice.success")).ToContainTextAsync("خبر منتشر شد.");

        var reader = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        await reader.GotoAsync(baseUrl + "/");
        await Assertions.Expect(reader.Locator(".lead-story h2")).ToHaveTextAsync("بازگشایی کتابخانهٔ محله پس از نوسازی");
        await reader.ClickAsync(".lead-story h2 a");
        await Assertions.Expect(reader.Locator(".body")).ToContainTextAsync("کتابخانه از امروز هر روز تا ساعت ۲۰ باز است.");

        var article = await factory.WithDbAsync(db => db.Articles.Include(a => a.Tags).SingleAsync(a => a.Code == code));
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(2, article.Tags.Count);
        Assert.Empty(errors);
        await editor.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "editor.png"), FullPage = true });
    }
}
