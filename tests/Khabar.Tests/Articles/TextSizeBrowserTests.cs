using Microsoft.Playwright;

namespace Khabar.Tests.Articles;

/// <summary>«اندازه متن» in Debian Chromium: the reader's text size changes the article and is kept across pages.</summary>
public class TextSizeBrowserTests
{
    [Fact]
    public async Task TextSizeControl_EnlargesTheArticle_AndTheChoiceSurvivesAReload()
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
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{baseUrl}/x/{Samples.Code}");
        async Task<double> SizeAsync() => await page.EvalOnSelectorAsync<double>(".article", "e => parseFloat(getComputedStyle(e).fontSize)");

        var control = page.GetByRole(AriaRole.Group, new() { Name = "اندازه متن" });
        await Assertions.Expect(control).ToBeVisibleAsync();
        Assert.Equal(18, await SizeAsync());
        var level = page.Locator(".text-size-level");
        await Assertions.Expect(level).ToHaveTextAsync("۱۰۰٪");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "اندازهٔ پیش‌فرض متن" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "متن بزرگ‌تر" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "متن بزرگ‌تر" }).ClickAsync();
        Assert.Equal(22, await SizeAsync());
        await Assertions.Expect(level).ToHaveTextAsync("۱۲۲٪");

        await page.ReloadAsync();
        Assert.Equal(22, await SizeAsync());
        await Assertions.Expect(level).ToHaveTextAsync("۱۲۲٪");
        await page.GetByRole(AriaRole.Button, new() { Name = "متن بزرگ‌تر" }).ClickAsync();
        Assert.Equal(24, await SizeAsync());
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "متن بزرگ‌تر" })).ToBeDisabledAsync(); // the largest step
        await page.GetByRole(AriaRole.Button, new() { Name = "اندازهٔ پیش‌فرض متن" }).ClickAsync();
        Assert.Equal(18, await SizeAsync());
        var smaller = page.GetByRole(AriaRole.Button, new() { Name = "متن کوچک‌تر" });
        for (var i = 0; i < 5 && await smaller.IsEnabledAsync(); i++)
        {
            await smaller.ClickAsync();
        }

        Assert.Equal(15, await SizeAsync()); // the smallest step: the button is off there
        await Assertions.Expect(smaller).ToBeDisabledAsync();
        await Assertions.Expect(level).ToHaveTextAsync("۸۳٪");
        Assert.Equal("rtl", await page.EvalOnSelectorAsync<string>("html", "e => getComputedStyle(e).direction"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task PrintedArticle_KeepsTheStoryAndDropsNavigationFormsAndControls()
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
        var page = await browser.NewPageAsync(new() { Locale = "fa-IR" });
        await page.GotoAsync($"{baseUrl}/x/{Samples.Code}");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        foreach (var hidden in new[] { ".masthead", ".comment-form-block", ".text-size", ".site-footer" })
        {
            Assert.Equal("none", await page.EvalOnSelectorAsync<string>(hidden, "e => getComputedStyle(e).display"));
        }

        await Assertions.Expect(page.Locator(".article .title")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".body")).ToContainTextAsync("متن نخست خبر");
    }
}
