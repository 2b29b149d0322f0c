using System.Text.RegularExpressions;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khabar.Tests.Newsroom;

/// <summary>The same browser session's checks of the moderation desk's keys and of listings without images.</summary>
public sealed partial class NewsroomWorkflowBrowserTests
{
    [Fact]
    public async Task ModerationKeys_WorkOnThePersianLayout_WithResultUndoAndLiveCounters()
    {
        await factory.ImportAsync(Samples.ReferenceArticle());
        using (var http = new HttpClient { BaseAddress = new Uri(BaseUrl) })
        {
            foreach (var text in new[] { "نظر نخست برای چینش فارسی", "نظر دوم برای چینش فارسی" })
            {
                var r = await http.PostAsync($"/api/v1/articles/{Samples.Code}/comments", System.Net.Http.Json.JsonContent.Create(new { name = "خواننده", text }));
                Assert.Equal(System.Net.HttpStatusCode.Accepted, r.StatusCode);
            }
        }

        var desk = await SignedInAsync(Roles.Moderator);
        await desk.GotoAsync($"{BaseUrl}/newsroom/moderation");
        // Keys as the Persian layout sends them: the character is Persian, the key's place (code) is the same.
        Task PressAsync(string key, string code) => desk.EvaluateAsync(
            "([key, code]) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true }))", new[] { key, code });

        await PressAsync("ت", "KeyJ");
        await Assertions.Expect(desk.Locator(".queue-item.is-current .q-text")).ToHaveTextAsync("نظر دوم برای چینش فارسی");
        await PressAsync("ش", "KeyA");
        var done = desk.Locator(".queue-item[data-done=approved]");
        await Assertions.Expect(done).ToHaveCountAsync(1);
        await Assertions.Expect(done.Locator(".q-result")).ToContainTextAsync("منتشر شد.");
        await Assertions.Expect(done.Locator(".q-result button")).ToContainTextAsync("واگرد");
        await Assertions.Expect(desk.Locator(".desk-summary [data-total]")).ToHaveTextAsync("۱");
        // Both cards are of one article: each shows the new counters.
        await Assertions.Expect(desk.Locator("[data-count=published]")).ToHaveTextAsync(["۲", "۲"]);
        await Assertions.Expect(desk.Locator("[data-count=pending]")).ToHaveTextAsync(["۱", "۱"]);
        await desk.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "moderation-desk.png"), FullPage = true });

        await PressAsync("ا", "KeyU"); // undo
        await Assertions.Expect(desk.Locator(".queue-item[data-done]")).ToHaveCountAsync(0);
        await Assertions.Expect(desk.Locator("[data-count=pending]")).ToHaveTextAsync(["۲", "۲"]);
        await Assertions.Expect(desk.Locator(".desk-summary [data-total]")).ToHaveTextAsync("۲");
        await PressAsync("ق", "KeyR");
        await Assertions.Expect(desk.Locator(".queue-item[data-done=rejected] .q-result")).ToContainTextAsync("رد شد.");

        var statuses = await factory.WithDbAsync(db => db.Comments.Where(c => c.Text.Contains("چینش فارسی")).ToDictionaryAsync(c => c.Text, c => c.Status));
        Assert.Equal(CommentStatus.Pending, statuses["نظر نخست برای چینش فارسی"]);
        Assert.Equal(CommentStatus.Rejected, statuses["نظر دوم برای چینش فارسی"]);

        // Approve is green, reject red: they cannot be mistaken for each other.
        var colours = await desk.EvaluateAsync<string[]>("() => [getComputedStyle(document.querySelector('.button.approve')).backgroundColor, getComputedStyle(document.querySelector('.reject-form .button')).backgroundColor]");
        Assert.NotEqual(colours[0], colours[1]);
        Assert.Equal("rgb(19, 115, 51)", colours[0]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task ListingsWithoutImages_UseTheWholeWidth_OnPhoneAndDesktop()
    {
        foreach (var (width, name) in new[] { (390, "listing-390.png"), (1280, "listing-1280.png") })
        {
            var page = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = width, Height = 900 } });
            page.PageError += (_, e) => errors.Add(e);
            await page.GotoAsync($"{BaseUrl}/archive?date=1402/10/11"); // the day of the politics sample
            var card = page.Locator(".card.no-image").First;
            await Assertions.Expect(card).ToBeVisibleAsync();
            var sizes = await card.EvaluateAsync<double[]>("c => [c.getBoundingClientRect().width, c.querySelector('.card-text').getBoundingClientRect().width]");
            var (cardWidth, textWidth) = (sizes[0], sizes[1]);
            Assert.True(textWidth >= cardWidth - 1, $"{width}px: the text takes {textWidth} of {cardWidth} px");
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name), FullPage = false });
        }

        // The archive's date picker opens under the page's strict CSP and writes the day in Persian digits.
        var archive = await browser.NewPageAsync(new() { Locale = "fa-IR", ViewportSize = new() { Width = 390, Height = 900 } });
        var console = new List<string>();
        archive.Console += (_, m) => { if (m.Type is "error" or "warning") { console.Add(m.Text); } };
        archive.PageError += (_, e) => errors.Add(e);
        await archive.GotoAsync($"{BaseUrl}/archive");
        await archive.ClickAsync("#a-date");
        await Assertions.Expect(archive.Locator("jdp-container")).ToBeVisibleAsync();
        await archive.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "archive-date-picker.png") });
        await archive.Locator("jdp-container .jdp-day:not(.disabled-day):not(.not-in-month)").First.ClickAsync();
        await Assertions.Expect(archive.Locator("#a-date")).ToHaveValueAsync(new Regex("^[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}$"));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.Ordinal));

        Assert.Empty(errors);
    }
}
