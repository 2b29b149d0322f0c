using System.Net.Http.Json;
using Khabar.Features.Newsroom.Story;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Khabar.Tests.Articles;

/// <summary>Issue 23 in Debian Chromium against the real server: the live page, the gallery, and the newsroom's flows.</summary>
public sealed class ArticleTypesBrowserTests
{
    private static async Task<(KhabarFactory Factory, string BaseUrl)> StartAsync()
    {
        var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await Stories.ImportAsync(factory);
        return (factory, factory.ClientOptions.BaseAddress.ToString().TrimEnd('/'));
    }

    private static async Task<IBrowser> BrowserAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Chromium.Args });

    private static async Task SignInAsync(IPage page, string baseUrl, string email, string path)
    {
        await page.GotoAsync(baseUrl + path);
        await page.FillAsync("#l-email", email);
        await page.FillAsync("#l-password", Staff.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**" + path);
    }

    [Fact]
    public async Task LivePage_AddsNewEntriesEvery30Seconds_WithoutAReload_AndSaysWhenCoverageEnds()
    {
        var (factory, baseUrl) = await StartAsync();
        await using var _ = factory;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.Clock.InstallAsync();
        await page.GotoAsync($"{baseUrl}/x/{Stories.Ongoing}");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await Assertions.Expect(page.Locator("[data-live-list] .live-entry")).ToHaveCountAsync(1);

        var editor = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, "دبیر آزمون")], "test"));
        async Task DeskAsync(Func<StoryDesk, Task> work)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            await work(scope.ServiceProvider.GetRequiredService<StoryDesk>());
        }

        await DeskAsync(d => d.AddLiveEntryAsync(Stories.Ongoing, null, "پل گیشا برای برف‌روبی بسته شد.", key: false, null, editor, CancellationToken.None));
        await DeskAsync(d => d.AddLiveEntryAsync(Stories.Ongoing, null, "<p>مدارس دوشنبه هم <strong>تعطیل</strong> است.</p>", key: true, null, editor, CancellationToken.None));
        await page.Clock.FastForwardAsync("00:31");
        await Assertions.Expect(page.Locator("[data-live-list] .live-entry").First).ToContainTextAsync("پل گیشا برای برف‌روبی بسته شد.");
        await Assertions.Expect(page.Locator("[data-live-key] .live-entry strong")).ToHaveTextAsync("تعطیل");
        await Assertions.Expect(page.Locator(".live-key")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true")); // no reload

        await DeskAsync(d => d.EndLiveAsync(Stories.Ongoing, ended: true, editor, CancellationToken.None));
        await page.Clock.FastForwardAsync("00:31");
        await Assertions.Expect(page.Locator(".live-state")).ToContainTextAsync("پایان پوشش زنده");
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "live-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Gallery_TurnsByArrowKeysAndButtons_AndTheNumberedLinksWithoutScript()
    {
        var (factory, baseUrl) = await StartAsync();
        await using var _ = factory;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = 390, Height = 844 } });
        await page.GotoAsync($"{baseUrl}/x/{Stories.Photo}");
        var position = page.Locator(".gallery-position");
        await Assertions.Expect(position).ToHaveTextAsync("۱ از ۳");
        await Assertions.Expect(page.Locator("[data-gallery-step='-1']")).ToBeDisabledAsync();
        await page.FocusAsync(".gallery-track");
        await page.Keyboard.PressAsync("ArrowLeft"); // the next photo, in a right-to-left page
        await Assertions.Expect(position).ToHaveTextAsync("۲ از ۳");
        await page.ClickAsync("[data-gallery-step='1']");
        await Assertions.Expect(position).ToHaveTextAsync("۳ از ۳");
        await Assertions.Expect(page.Locator("[data-gallery-step='1']")).ToBeDisabledAsync();
        await page.FocusAsync(".gallery-track"); // the button clicked has the focus now
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(position).ToHaveTextAsync("۱ از ۳");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "photo-report.png"), FullPage = true });

        await using var plain = await browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        var noScript = await plain.NewPageAsync();
        await noScript.GotoAsync($"{baseUrl}/x/{Stories.Photo}");
        await Assertions.Expect(noScript.Locator(".gallery-controls")).ToBeHiddenAsync();
        await noScript.ClickAsync(".gallery-index a[href='#photo-3']");
        await Assertions.Expect(noScript.Locator("#photo-3 img")).ToBeInViewportAsync();
    }

    [Fact]
    public async Task Newsroom_AddsALiveEntryWithoutLeavingThePage_MarksBreaking_AndFeaturesAComment()
    {
        var (factory, baseUrl) = await StartAsync();
        await using var _ = factory;
        var editorEmail = await Staff.CreateAsync(factory, Roles.Editor);
        using (var http = new HttpClient { BaseAddress = new Uri(baseUrl) })
        {
            var r = await http.PostAsJsonAsync($"/api/v1/articles/{Stories.Corrected}/comments", new { name = "فرزانه", text = "کاش آمار استان‌ها را هم منتشر کنید." });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserAsync(playwright);
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await SignInAsync(page, baseUrl, editorEmail, $"/newsroom/articles/{Stories.Ongoing}/story");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        await page.FillAsync("#live-text", "خط ۲ مترو با تأخیر حرکت می‌کند.");
        await page.CheckAsync("input[name=key]");
        await page.ClickAsync("form[data-live-form] button[type=submit]");
        await Assertions.Expect(page.Locator("[data-live-desk] .live-entry.key").First).ToContainTextAsync("خط ۲ مترو با تأخیر حرکت می‌کند.");
        await Assertions.Expect(page.Locator(".live-form-status")).ToContainTextAsync("افزوده شد");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        Assert.Equal("", await page.InputValueAsync("#live-text"));

        await page.SelectOptionAsync("#hours", "2");
        await page.ClickAsync("form:has(#hours) button[type=submit]");
        await Assertions.Expect(page.Locator(".notice.success")).ToContainTextAsync("خبر فوری شد");
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "story-page.png"), FullPage = true });
        await page.GotoAsync(baseUrl + "/");
        await Assertions.Expect(page.Locator(".breaking a", new() { HasText = "لحظه به لحظه با بارش برف در تهران" })).ToBeVisibleAsync();

        // The editor's roles include moderation: feature the waiting comment from the desk.
        await page.GotoAsync(baseUrl + "/newsroom/moderation");
        var item = page.Locator(".queue-item", new() { HasText = "کاش آمار استان‌ها را هم منتشر کنید." });
        await item.Locator(".feature-form button").ClickAsync();
        await Assertions.Expect(page.Locator(".notice.success")).ToContainTextAsync("برگزیده شد");
        Assert.True(await factory.WithDbAsync(db => db.Comments.AnyAsync(c => c.IsFeatured && c.Status == CommentStatus.Published)));
        await page.GotoAsync($"{baseUrl}/x/{Stories.Corrected}");
        await Assertions.Expect(page.Locator(".comment.featured .featured-badge")).ToHaveTextAsync("نظر برگزیده");
        Assert.Empty(errors);
    }
}
