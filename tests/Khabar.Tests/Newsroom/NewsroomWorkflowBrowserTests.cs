using System.Text.RegularExpressions;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khabar.Tests.Newsroom;

/// <summary>
/// The newsroom as editors and moderators use it, in Debian Chromium against the real server: an article typed in
/// Quill read on a phone, autosave, the warning before unsaved changes are left, restore, the moderation keys on a
/// Persian keyboard layout. Screenshots go to artifacts/screenshots.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the server and the browser through IAsyncLifetime.DisposeAsync")]
public sealed partial class NewsroomWorkflowBrowserTests : IAsyncLifetime
{
    private KhabarFactory factory = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;
    private readonly List<string> errors = [];

    private string BaseUrl => factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');

    private static readonly string Screenshots = Path.Combine(Repo.Root(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        factory = new KhabarFactory(new() { ["Khabar:EditorAutosaveSeconds"] = "2" });
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(
            Samples.Article(1, "خبر پیشین سرویس سیاسی", "سیاسی", "2024-01-01T10:00:00Z"),
            Samples.Article(2, "خبر پیشین سرویس علمی", "علمی", "2024-01-02T10:00:00Z"));
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Chromium.Args });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await factory.DisposeAsync();
    }

    private async Task<IPage> SignedInAsync(string role, int width = 1280, int height = 900)
    {
        var email = await Staff.CreateAsync(factory, role);
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = width, Height = height } });
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{BaseUrl}/newsroom/login");
        await page.FillAsync("#l-email", email);
        await page.FillAsync("#l-password", Staff.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/newsroom");
        return page;
    }

    [GeneratedRegex("/newsroom/articles/edit/(\\d+)")]
    private static partial Regex EditUrl();

    private static long CodeOf(IPage page) => long.Parse(EditUrl().Match(page.Url).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task ArticleTypedInQuill_WithHeadingListAndBold_IsPublished_AndFitsA390PixelPhone()
    {
        var editor = await SignedInAsync(Roles.Editor);
        await editor.ClickAsync("a.button:has-text('خبر تازه')"); // from the dashboard
        await editor.WaitForURLAsync("**/newsroom/articles/edit");
        await editor.FillAsync("#e-rotitr", "گزارش خبرنگار");
        await editor.FillAsync("#e-title", "نشست هفتگی شورای محله دربارهٔ فضای سبز و پیاده\u200Cروها");
        await editor.FillAsync("#e-lead", "شورای محله در نشست این هفته طرح تازهٔ فضای سبز را بررسی کرد.");
        await editor.SelectOptionAsync("#e-service", new SelectOptionValue { Label = "علمی" });

        await editor.ClickAsync(".ql-editor");
        await editor.Keyboard.TypeAsync("به گزارش خبرنگار ما، شورای محله در نشست این هفته دربارهٔ فضای سبز، پیاده\u200Cروها و روشنایی خیابان\u200Cها گفت\u200Cوگو کرد و اعضای شورا خواستار بودجهٔ بیشتری برای نگهداری درختان کهنسال شدند.");
        await editor.Keyboard.PressAsync("Enter");
        await editor.ClickAsync(".ql-toolbar .ql-header .ql-picker-label");
        await editor.ClickAsync(".ql-toolbar .ql-header .ql-picker-item[data-value='2']");
        await editor.Keyboard.TypeAsync("آنچه در نشست گذشت");
        await editor.Keyboard.PressAsync("Enter");
        await editor.Keyboard.PressAsync("Control+b");
        await editor.Keyboard.TypeAsync("نکتهٔ مهم:");
        await editor.Keyboard.PressAsync("Control+b");
        await editor.Keyboard.TypeAsync(" اعضای شورا گفتند که نگهداری درختان کهنسال خیابان اصلی باید در اولویت بودجهٔ سال آینده قرار بگیرد و هر محله سهم خود را داشته باشد.");
        await editor.Keyboard.PressAsync("Enter");
        await editor.ClickAsync(".ql-toolbar button.ql-list[value=bullet]");
        await editor.Keyboard.TypeAsync("کاشت درختان تازه در حاشیهٔ پیاده\u200Cروهای خیابان اصلی محله");
        await editor.Keyboard.PressAsync("Enter");
        await editor.Keyboard.TypeAsync("روشنایی بیشتر برای کوچه\u200Cهای باریک و تاریک");
        await editor.ClickAsync("#e-tags");
        await editor.Keyboard.TypeAsync("فضای سبز، شورای محله");
        await editor.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "editor.png"), FullPage = true });
        // Everything the editor shows speaks Persian: the toolbar's names, the file picker, the link tooltip.
        await Assertions.Expect(editor.Locator(".ql-toolbar button.ql-bold")).ToHaveAttributeAsync("title", "درشت");
        await Assertions.Expect(editor.Locator(".ql-toolbar button.ql-list[value=bullet]")).ToHaveAttributeAsync("aria-label", "فهرست نشانه‌دار");
        await Assertions.Expect(editor.Locator(".file-pick label")).ToHaveTextAsync("انتخاب تصویر…");
        await Assertions.Expect(editor.Locator(".file-pick .file-name")).ToHaveTextAsync("پرونده‌ای انتخاب نشده است");
        Assert.True(await editor.Locator("input[type=file]").EvaluateAsync<double>("e => e.getBoundingClientRect().width") <= 1); // the English native control is hidden

        // The schedule's date picker writes the day in Persian digits, as the time beside it is written.
        await editor.ClickAsync("input[name=ScheduleDate]");
        await editor.Locator("jdp-container .jdp-day:not(.disabled-day):not(.not-in-month)").Last.ClickAsync();
        await editor.ClickAsync("input[name=ScheduleTime]");
        await Assertions.Expect(editor.Locator("input[name=ScheduleDate]")).ToHaveValueAsync(new Regex("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$"));
        await Assertions.Expect(editor.Locator("input[name=ScheduleDate]")).ToHaveAttributeAsync("placeholder", new Regex("^مثلاً [۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$"));

        await editor.ClickAsync("button[value=publish]");
        await Assertions.Expect(editor.Locator(".notice.success")).ToContainTextAsync("خبر منتشر شد.");
        var code = CodeOf(editor);
        var stored = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => new { a.BodyHtml, a.Status, ServiceName = a.Service!.Name }).SingleAsync());
        Assert.Equal(ArticleStatus.Published, stored.Status);
        Assert.Equal("علمی", stored.ServiceName);
        Assert.DoesNotContain("&nbsp;", stored.BodyHtml);
        Assert.DoesNotContain("\u00A0", stored.BodyHtml);
        Assert.Contains("<h2>آنچه در نشست گذشت</h2>", stored.BodyHtml);
        Assert.Contains("<strong>نکتهٔ مهم:</strong>", stored.BodyHtml);
        Assert.Matches("<ul><li>کاشت درختان تازه[^<]*</li><li>روشنایی بیشتر[^<]*</li></ul>", stored.BodyHtml);

        // A reader on a 390 px phone: nothing wider than the screen.
        var phone = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, DeviceScaleFactor = 2 });
        phone.PageError += (_, e) => errors.Add(e);
        await phone.GotoAsync($"{BaseUrl}/x/{code}");
        await Assertions.Expect(phone.Locator(".body h2")).ToHaveTextAsync("آنچه در نشست گذشت");
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth, document.querySelector('.body').scrollWidth, document.querySelector('.body').clientWidth]");
        Assert.True(widths[0] <= widths[1], $"page {widths[0]} px wide on a {widths[1]} px screen");
        Assert.True(widths[2] <= widths[3], $"body {widths[2]} px of {widths[3]} px");
        await phone.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "article-390.png"), FullPage = false });

        // Desktop: the body stays in its column, clear of the side column.
        var desktop = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = 1280, Height = 900 } });
        await desktop.GotoAsync($"{BaseUrl}/x/{code}");
        var overlap = await desktop.EvaluateAsync<bool>("() => { const b = document.querySelector('.body').getBoundingClientRect(); const a = document.querySelector('.aside').getBoundingClientRect(); return b.left < a.right && a.left < b.right && b.top < a.bottom && a.top < b.bottom; }");
        Assert.False(overlap);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Autosave_StoresTheDraft_AndAReloadShowsIt()
    {
        var reporter = await SignedInAsync(Roles.Reporter);
        await reporter.GotoAsync($"{BaseUrl}/newsroom/articles/edit");
        await reporter.FillAsync("#e-title", "پیش\u200Cنویسی که خودکار ذخیره می\u200Cشود");
        await reporter.ClickAsync(".ql-editor");
        await reporter.Keyboard.TypeAsync("بند نخست پیش\u200Cنویس که هنوز کسی آن را ذخیره نکرده است.");
        await Assertions.Expect(reporter.Locator(".autosave")).ToContainTextAsync("ذخیرهٔ خودکار:", new() { Timeout = 15_000 });
        await reporter.WaitForURLAsync(EditUrl());
        var code = CodeOf(reporter);

        await reporter.ReloadAsync();
        await Assertions.Expect(reporter.Locator("#e-title")).ToHaveValueAsync("پیش\u200Cنویسی که خودکار ذخیره می\u200Cشود");
        await Assertions.Expect(reporter.Locator(".ql-editor")).ToContainTextAsync("بند نخست پیش\u200Cنویس که هنوز کسی آن را ذخیره نکرده است.");
        var article = await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => new { a.Status, a.BodyHtml }).SingleAsync());
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.DoesNotContain("&nbsp;", article.BodyHtml);

        // More typing, autosaved again into the same draft, and no warning when leaving after it.
        await reporter.ClickAsync(".ql-editor");
        await reporter.Keyboard.PressAsync("Control+End");
        await reporter.Keyboard.TypeAsync(" جملهٔ دوم.");
        await Assertions.Expect(reporter.Locator(".autosave")).ToContainTextAsync("ذخیرهٔ خودکار:", new() { Timeout = 15_000 });
        await reporter.WaitForFunctionAsync("() => document.querySelector('.autosave').textContent.startsWith('ذخیرهٔ خودکار:')");
        Assert.Contains("جملهٔ دوم.", await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.BodyHtml).SingleAsync()));
        var dialogs = 0;
        reporter.Dialog += async (_, d) => { dialogs++; await d.DismissAsync(); };
        await reporter.ClickAsync("nav a:has-text('پیشخوان')");
        await reporter.WaitForURLAsync("**/newsroom");
        Assert.Equal(0, dialogs);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task LeavingWithUnsavedChanges_AsksFirst()
    {
        var editor = await SignedInAsync(Roles.Editor);
        await editor.GotoAsync($"{BaseUrl}/newsroom/articles/edit");
        await editor.FillAsync("#e-title", "تیتری که نباید گم شود");
        await editor.ClickAsync(".ql-editor");
        await editor.Keyboard.TypeAsync("متنی که نباید گم شود");
        var asked = new List<string>();
        editor.Dialog += async (_, d) => { asked.Add(d.Type); await d.DismissAsync(); };
        // Faster than the autosave: the click comes right after typing.
        _ = editor.ClickAsync("nav a:has-text('پیشخوان')");
        await editor.WaitForTimeoutAsync(1000);
        Assert.Equal(["beforeunload"], asked);
        Assert.Contains("/newsroom/articles/edit", editor.Url);
        await Assertions.Expect(editor.Locator("#e-title")).ToHaveValueAsync("تیتری که نباید گم شود");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Restore_OfALiveArticle_ChangesThePublicPageOnlyWhenPublished()
    {
        var editor = await SignedInAsync(Roles.Editor);
        await editor.GotoAsync($"{BaseUrl}/newsroom/articles/edit");
        await editor.FillAsync("#e-title", "تیتر نخست خبر زنده");
        await editor.SelectOptionAsync("#e-service", new SelectOptionValue { Label = "سیاسی" });
        await editor.ClickAsync(".ql-editor");
        await editor.Keyboard.TypeAsync("متن نخست خبر زنده");
        using (var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(1600, 900, new SixLabors.ImageSharp.PixelFormats.Rgba32(40, 110, 70)))
        using (var png = new MemoryStream())
        {
            await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(image, png);
            await editor.SetInputFilesAsync("#e-image", new FilePayload { Name = "نمای-محله.png", MimeType = "image/png", Buffer = png.ToArray() });
        }

        await Assertions.Expect(editor.Locator(".file-pick .file-name")).ToHaveTextAsync("نمای-محله.png");
        await editor.ClickAsync("button[value=publish]");
        await Assertions.Expect(editor.Locator(".notice.success")).ToContainTextAsync("خبر منتشر شد.");
        var code = CodeOf(editor);
        // «حذف تصویر» is a checkbox beside its words, not a wide box above them.
        var remove = editor.Locator("label.check:has-text('حذف تصویر')");
        var box = await remove.Locator("input").BoundingBoxAsync();
        var label = await remove.BoundingBoxAsync();
        Assert.True(box!.Width <= 24 && Math.Abs(box.Y + (box.Height / 2) - (label!.Y + (label.Height / 2))) < 4, $"checkbox {box.Width}x{box.Height} at {box.Y}, label at {label!.Y}");
        await editor.Locator(".editor-side").ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "editor-side-with-image.png") });
        await editor.FillAsync("#e-title", "تیتر دوم خبر زنده");
        await editor.CheckAsync("input[name=RemoveImage]");
        await editor.ClickAsync("button[value=publish]");
        await Assertions.Expect(editor.Locator(".notice.success")).ToContainTextAsync("خبر منتشر شد.");

        var reader = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        async Task<string> PublicTitleAsync()
        {
            await reader.GotoAsync($"{BaseUrl}/x/{code}");
            return await reader.Locator("h1.title").InnerTextAsync();
        }

        Assert.Equal("تیتر دوم خبر زنده", await PublicTitleAsync());
        Assert.Equal(0, await reader.Locator(".article-image, figure.lead-image img").CountAsync());
        await editor.ClickAsync("a:has-text('نسخه‌ها')");
        await Assertions.Expect(editor.Locator(".diff-field.changed dt:has-text('تصویر اصلی')")).ToBeVisibleAsync();
        await editor.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "revisions.png"), FullPage = true });
        await editor.ClickAsync("tr:has(td:text-is('۱')) a:has-text('بازگردانی')");
        await Assertions.Expect(editor.Locator(".notice.info")).ToContainTextAsync("نسخهٔ ۱ در ویرایشگر آمد");
        await Assertions.Expect(editor.Locator("#e-title")).ToHaveValueAsync("تیتر نخست خبر زنده");
        await Assertions.Expect(editor.Locator(".image-preview")).ToBeVisibleAsync(); // the image of version 1 comes back too
        Assert.Equal("تیتر دوم خبر زنده", await PublicTitleAsync());

        // Leaving now would lose the restore: the editor is asked. Publishing is the explicit step.
        await editor.ClickAsync("button[value=publish]");
        await Assertions.Expect(editor.Locator(".notice.success")).ToContainTextAsync("خبر منتشر شد.");
        Assert.Equal("تیتر نخست خبر زنده", await PublicTitleAsync());
        Assert.NotNull(await factory.WithDbAsync(db => db.Articles.Where(a => a.Code == code).Select(a => a.ImageUrl).SingleAsync()));
        var note = await factory.WithDbAsync(db => db.ArticleRevisions.OrderByDescending(r => r.Id).Select(r => r.Note).FirstAsync());
        Assert.Equal("انتشار (بازگردانی نسخهٔ ۱)", note);
        Assert.Empty(errors);
    }


}
