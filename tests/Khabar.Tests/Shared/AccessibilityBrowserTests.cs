using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Khabar.Tests.Shared;

/// <summary>
/// axe-core (from tests/tools) run inside Debian Chromium on the reader pages, on a phone-sized viewport and in
/// both colour schemes: no violations.
/// </summary>
public class AccessibilityBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReaderPages_HaveNoAxeViolations_InLightAndDarkMode()
    {
        await using var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7002, "خبر دوم برای فهرست‌ها", "سیاسی", "2022-04-19T10:00:00Z", """["شورای شهر"]"""));
        var baseUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        var axe = Path.Combine(Repo.Root(), "tests", "tools", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "run: bash scripts/setup.sh test");
        await Stories.ImportAsync(factory);
        string[] paths =
        [
            $"/x/{Stories.Live}", $"/x/{Stories.Ongoing}", $"/x/{Stories.Photo}", $"/x/{Stories.Video}", $"/x/{Stories.Corrected}",
            "/author/" + Uri.EscapeDataString("سمانه-رحیمی"), "/photo", "/video",
            "/", $"/x/{Samples.Code}", "/service/politics", "/tag/" + Uri.EscapeDataString("شورای شهر"), "/archive?date=1401/01/30",
            "/search?q=" + Uri.EscapeDataString("شورای شهر"), $"/news/{Samples.Code}/print", "/no/such/page",
        ];

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = Chromium.Args,
        });
        var violations = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            // The site's CSP allows no injected script; the test context bypasses it to load axe.
            await using var context = await browser.NewContextAsync(new()
            {
                Locale = "fa-IR", BypassCSP = true, ColorScheme = scheme, ViewportSize = new() { Width = 390, Height = 844 },
            });
            var page = await context.NewPageAsync();
            foreach (var path in paths)
            {
                await page.GotoAsync(baseUrl + path);
                await page.AddScriptTagAsync(new() { Path = axe });
                var result = await page.EvaluateAsync<JsonElement>("async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                violations.AddRange(result.EnumerateArray().Select(v => $"{scheme} {path} {v.GetString()}"));
            }
        }

        var line = $"axe-core 4.14.1 in Chromium: {paths.Length} pages × light and dark, 390 px wide, {violations.Count} violations";
        output.WriteLine(line);
        violations.ForEach(output.WriteLine);
        Directory.CreateDirectory(Path.Combine(Repo.Root(), "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(Repo.Root(), "artifacts", "page-quality-axe.md"), "- " + line + "\n" + string.Concat(violations.Select(v => "  - " + v + "\n")));
        Assert.Empty(violations);
    }
}
