using Microsoft.Playwright;

namespace Khabar.Tests.Comments;

/// <summary>Real Debian Chromium against the real Kestrel server.</summary>
public class CommentFormBrowserTests
{
    [Fact]
    public async Task CommentForm_MalformedEmailThenValidComment_ShowsPersianErrorThenConfirmation()
    {
        await using var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Chromium.Args,
        });
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = 390, Height = 844 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{baseUrl}/x/{Samples.Code}");

        await page.FillAsync("#c-name", "مریم");
        await page.FillAsync("#c-email", "maryam@example");
        await page.FillAsync("#c-text", "متنی برای آزمایش در مرورگر");
        await page.ClickAsync("button[type=submit]:has-text('ارسال نظر')");
        var error = page.Locator("#email-error");
        await Assertions.Expect(error).ToHaveTextAsync("آدرس ایمیل خود را با فرمت مناسب وارد نمایید.");
        Assert.Contains("/news/", page.Url); // nothing was posted: still on the article
        Assert.DoesNotContain("comment=pending", page.Url);

        await page.FillAsync("#c-email", "maryam@example.com");
        // A person takes seconds to write; a form sent within three seconds of the page is taken for a script.
        await page.WaitForTimeoutAsync(Features.Articles.ArticlePageModel.MinimumFillMilliseconds + 200);
        await page.ClickAsync("button[type=submit]:has-text('ارسال نظر')");
        await page.WaitForURLAsync("**/news/**?comment=pending**");
        await Assertions.Expect(page.Locator(".notice.success")).ToHaveTextAsync("نظر شما ثبت شد و پس از بررسی منتشر خواهد شد.");
        await Assertions.Expect(page.Locator(".counter.pending")).ToHaveTextAsync("در انتظار بررسی: ۱");

        Assert.Empty(errors);
        var shot = Path.Combine(AppContext.BaseDirectory, "article-mobile.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
    }
}
