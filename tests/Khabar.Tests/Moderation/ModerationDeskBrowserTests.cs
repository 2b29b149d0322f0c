using System.Net.Http.Json;
using Khabar.Storage;
using Khabar.Tests.Newsroom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khabar.Tests.Moderation;

public class ModerationDeskBrowserTests
{
    [Fact]
    public async Task Moderator_ApprovesTwoCommentsWithTheKeyboard()
    {
        await using var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var email = await Staff.CreateAsync(factory, Roles.Moderator);
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        using (var http = new HttpClient { BaseAddress = new Uri(baseUrl) })
        {
            foreach (var text in new[] { "نظر نخست برای صفحه\u200Cکلید", "نظر دوم برای صفحه\u200Cکلید", "نظر سوم که می\u200Cماند" })
            {
                var r = await http.PostAsJsonAsync($"/api/v1/articles/{Samples.Code}/comments", new { name = "خواننده", text });
                Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Chromium.Args });
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        await page.GotoAsync($"{baseUrl}/newsroom/moderation");
        Assert.Contains("/newsroom/login", page.Url);
        await page.FillAsync("#l-email", email);
        await page.FillAsync("#l-password", Staff.Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/newsroom/moderation");

        // Newest first: the third comment is on top. Move down to the second, approve it, then the first.
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await Assertions.Expect(page.Locator(".queue-item.is-current .q-text")).ToHaveTextAsync("نظر دوم برای صفحه\u200Cکلید");
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator(".queue-item[data-done=approved]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".queue-item.is-current .q-text")).ToHaveTextAsync("نظر نخست برای صفحه\u200Cکلید");
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator(".queue-item[data-done=approved]")).ToHaveCountAsync(2);

        var statuses = await factory.WithDbAsync(db => db.Comments.Where(c => c.Text.Contains("صفحه") || c.Text.Contains("می\u200Cماند"))
            .ToDictionaryAsync(c => c.Text, c => c.Status));
        Assert.Equal(CommentStatus.Published, statuses["نظر نخست برای صفحه\u200Cکلید"]);
        Assert.Equal(CommentStatus.Published, statuses["نظر دوم برای صفحه\u200Cکلید"]);
        Assert.Equal(CommentStatus.Pending, statuses["نظر سوم که می\u200Cماند"]);
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "moderation-desk.png"), FullPage = true });
    }
}
