using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khabar.Tests.Feeds;

/// <summary>
/// The pages and feeds checked by the tools other people use on them: the Nu HTML Checker (vnu-jar) and
/// rss-parser, both from npm (tests/tools, installed by scripts/setup.sh test).
/// </summary>
public sealed class PageQualityTests(ITestOutputHelper output)
{
    private static string Tools => Path.Combine(Repo.Root(), "tests", "tools", "node_modules");

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ReaderPages_HaveNoErrorsInTheNuHtmlChecker()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7002, "خبر دوم برای فهرست‌ها", "سیاسی", "2022-04-19T10:00:00Z", """["شورای شهر"]"""));
        var client = factory.Client();
        var article = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        await Stories.ImportAsync(factory);
        async Task<string> At(long code) => (await client.GetAsync($"/x/{code}")).Headers.Location!.OriginalString;
        var author = System.Text.RegularExpressions.Regex.Match(await client.HtmlAsync(await At(Stories.Corrected)), "rel=\"author\" href=\"([^\"]+)\"").Groups[1].Value;
        var pages = new (string Name, string Url, HttpStatusCode Status)[]
        {
            ("live", await At(Stories.Live), HttpStatusCode.OK),
            ("live-ongoing", await At(Stories.Ongoing), HttpStatusCode.OK),
            ("photo", await At(Stories.Photo), HttpStatusCode.OK),
            ("video", await At(Stories.Video), HttpStatusCode.OK),
            ("corrected", await At(Stories.Corrected), HttpStatusCode.OK),
            ("author", WebUtility.HtmlDecode(author), HttpStatusCode.OK),
            ("photos", "/photo", HttpStatusCode.OK),
            ("videos", "/video", HttpStatusCode.OK),
            ("home", "/", HttpStatusCode.OK),
            ("article", article, HttpStatusCode.OK),
            ("service", "/service/politics", HttpStatusCode.OK),
            ("tag", "/tag/" + Uri.EscapeDataString("شورای شهر"), HttpStatusCode.OK),
            ("archive", "/archive?date=1401/01/30", HttpStatusCode.OK),
            ("search", "/search?q=" + Uri.EscapeDataString("شورای شهر"), HttpStatusCode.OK),
            ("print", $"/news/{Samples.Code}/print", HttpStatusCode.OK),
            ("404", "/no/such/page", HttpStatusCode.NotFound),
        };
        var folder = Directory.CreateTempSubdirectory("khabar-vnu");
        try
        {
            var files = new List<string>();
            foreach (var (name, url, status) in pages)
            {
                var file = Path.Combine(folder.FullName, name + ".html");
                await File.WriteAllTextAsync(file, await client.HtmlAsync(url, status));
                files.Add(file);
            }

            var vnu = Path.Combine(Tools, "vnu-jar", "build", "dist", "vnu.jar");
            Assert.True(File.Exists(vnu), "run: bash scripts/setup.sh test");
            var (_, _, report) = await RunAsync("java", ["-jar", vnu, "--errors-only", "--format", "json", .. files]);
            using var json = JsonDocument.Parse(report);
            var errors = json.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => $"{Path.GetFileName(new Uri(m.GetProperty("url").GetString()!).LocalPath)}:{(m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0)} {m.GetProperty("message").GetString()}")
                .ToList();
            var line = $"Nu HTML Checker (vnu-jar 26.9.27): {pages.Length} pages ({string.Join(", ", pages.Select(p => p.Name))}), {errors.Count} errors";
            output.WriteLine(line);
            Directory.CreateDirectory(Path.Combine(Repo.Root(), "artifacts"));
            await File.WriteAllTextAsync(Path.Combine(Repo.Root(), "artifacts", "page-quality-vnu.md"), "- " + line + "\n" + string.Concat(errors.Select(e => "  - " + e + "\n")));
            Assert.Empty(errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RssParser_ReadsEveryItemWithTheDatabaseDates()
    {
        await using var factory = new KhabarFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        await factory.ImportAsync(Samples.ReferenceArticle(), Samples.Article(7002, "خبر دوم برای خوراک", "اقتصادی", "2024-01-10T10:00:00Z"));
        var url = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/') + "/rss";
        const string script = """
            const Parser = require(process.argv[1] + "/rss-parser");
            new Parser().parseURL(process.argv[2]).then(f => console.log(JSON.stringify(
              { title: f.title, items: f.items.map(i => ({ title: i.title, link: i.link, iso: i.isoDate, category: (i.categories || [])[0] })) })))
              .catch(e => { console.error(e.message); process.exit(1); });
            """;
        var (exit, stdout, stderr) = await RunAsync("node", ["-e", script, Tools, url]);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        var articles = await factory.WithDbAsync(db => db.Articles.OrderByDescending(a => a.PublishedAt).ToListAsync());
        Assert.Equal(articles.Select(a => a.Title), items.Select(i => i.GetProperty("title").GetString()));
        foreach (var (item, article) in items.Zip(articles))
        {
            var iso = DateTime.Parse(item.GetProperty("iso").GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.Equal(article.PublishedAt, iso);
            Assert.StartsWith("http://127.0.0.1:", item.GetProperty("link").GetString(), StringComparison.Ordinal);
        }
    }
}
