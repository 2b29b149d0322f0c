using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Khabar.Features.Feeds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Feeds;

/// <summary>Feeds, sitemaps and robots.txt, read back by real parsers (System.ServiceModel.Syndication, newsboat).</summary>
public sealed partial class FeedTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [GeneratedRegex(@"<pubDate>([^<]*)</pubDate>")]
    private static partial Regex PubDate();

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (Z|GMT|[+-]\d{4})$")]
    private static partial Regex Rfc822();

    [GeneratedRegex(@"[\u06F0-\u06F9\u0660-\u0669]")]
    private static partial Regex NonAsciiDigit();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex W3C();

    private static string At(TimeSpan ago) => (Now - ago).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static async Task<KhabarFactory> NewsAsync(bool realServer = false)
    {
        var factory = new KhabarFactory(clock: new FakeTimeProvider(Now));
        if (realServer)
        {
            factory.UseKestrel(0);
            factory.StartServer();
        }

        await factory.ImportAsync(
            Samples.Article(5001, "خبر یک ساعت پیش", "سیاسی", At(TimeSpan.FromHours(1)), """["انتخابات"]"""),
            Samples.Article(5002, "خبر چهل و هفت ساعت پیش", "اقتصادی", At(TimeSpan.FromHours(47)), """["بورس"]"""),
            Samples.Article(5003, "خبر چهل و نه ساعت پیش", "سیاسی", At(TimeSpan.FromHours(49)), """["انتخابات"]"""),
            Samples.ReferenceArticle());
        return factory;
    }

    private static SyndicationFeed Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml));
        return SyndicationFeed.Load(reader);
    }

    [Theory]
    [InlineData("/rss", "application/rss+xml")]
    [InlineData("/atom", "application/atom+xml")]
    [InlineData("/service/politics/rss", "application/rss+xml")]
    [InlineData("/service/economy/atom", "application/atom+xml")]
    [InlineData("/tag/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA/rss", "application/rss+xml")]
    [InlineData("/tag/%D8%A8%D9%88%D8%B1%D8%B3/atom", "application/atom+xml")]
    public async Task EveryFeed_ParsesAndEachItemMatchesTheDatabase(string path, string type)
    {
        await using var factory = await NewsAsync();
        var response = await factory.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        var xml = await response.Content.ReadAsStringAsync();
        var feed = Parse(xml);

        Assert.Equal("fa", feed.Language);
        var articles = await factory.WithDbAsync(db => db.Articles.Include(a => a.Service).ToListAsync());
        Assert.NotEmpty(feed.Items);
        if (path is "/rss" or "/atom")
        {
            Assert.Equal(articles.Count, feed.Items.Count());
        }

        foreach (var item in feed.Items)
        {
            var link = item.Links.First(l => l.RelationshipType is null or "alternate").Uri;
            Assert.True(link.IsAbsoluteUri);
            var code = long.Parse(link.AbsolutePath.Split('/')[2], CultureInfo.InvariantCulture);
            var article = articles.Single(a => a.Code == code);
            Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(article.PublishedAt!.Value, DateTimeKind.Utc)), item.PublishDate.ToUniversalTime());
            Assert.Equal(article.Title, item.Title.Text);
            Assert.Equal(article.Lead, item.Summary.Text);
            Assert.Equal(article.Service!.Name, item.Categories.Single().Name);
            Assert.Equal(link.AbsoluteUri, item.Id);
        }

        // Newest first.
        Assert.Equal(feed.Items.Select(i => i.PublishDate).OrderByDescending(d => d), feed.Items.Select(i => i.PublishDate));
        Assert.DoesNotMatch(NonAsciiDigit(), string.Join(" ", Regex.Matches(xml, "<(pubDate|published|updated|lastBuildDate)>[^<]*").Select(m => m.Value)));
    }

    [Fact]
    public async Task RssDates_AreRfc822WithAsciiDigits()
    {
        await using var factory = await NewsAsync();
        var xml = await factory.Client().GetStringAsync("/rss");
        var dates = PubDate().Matches(xml).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(4, dates.Count);
        Assert.All(dates, d => Assert.Matches(Rfc822(), d));
        Assert.Contains("<language>fa</language>", xml);
    }

    [Fact]
    public async Task ServiceAndTagFeeds_HoldOnlyTheirArticles()
    {
        await using var factory = await NewsAsync();
        var client = factory.Client();
        var politics = Parse(await client.GetStringAsync("/service/politics/rss"));
        Assert.Equal(["خبر یک ساعت پیش", "خبر چهل و نه ساعت پیش", "بررسی طرح تازه نامهای شهری در شورای شهر"], politics.Items.Select(i => i.Title.Text));
        Assert.Contains("سیاسی", politics.Title.Text);

        var tag = Parse(await client.GetStringAsync("/tag/" + Uri.EscapeDataString("انتخابات") + "/atom"));
        Assert.Equal(["خبر یک ساعت پیش", "خبر چهل و نه ساعت پیش"], tag.Items.Select(i => i.Title.Text));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/service/nothing/rss")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/tag/ناموجود/rss")).StatusCode);
    }

    [Fact]
    public async Task Feed_IsCachedAndEvictedOnPublish()
    {
        await using var factory = await NewsAsync();
        var client = factory.Client();
        var first = await client.GetAsync("/rss");
        var again = await client.GetAsync("/rss");
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.NotNull(again.Headers.ETag);

        await factory.ImportAsync(Samples.Article(5009, "خبر تازه پس از ذخیرهٔ خوراک", "سیاسی", At(TimeSpan.FromMinutes(5))));
        var feed = Parse(await client.GetStringAsync("/rss"));
        Assert.Equal("خبر تازه پس از ذخیرهٔ خوراک", feed.Items.First().Title.Text);
    }

    [Fact]
    public async Task NewsSitemap_HoldsExactlyTheLast48Hours_WithTehranOffsets()
    {
        await using var factory = await NewsAsync();
        var xml = XDocument.Parse(await factory.Client().GetStringAsync("/sitemap-news.xml"));
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        XNamespace news = "http://www.google.com/schemas/sitemap-news/0.9";
        var urls = xml.Root!.Elements(sm + "url").ToList();
        Assert.Equal(["خبر یک ساعت پیش", "خبر چهل و هفت ساعت پیش"], urls.Select(u => u.Element(news + "news")!.Element(news + "title")!.Value));
        var first = urls[0].Element(news + "news")!;
        Assert.Equal("fa", first.Element(news + "publication")!.Element(news + "language")!.Value);
        Assert.Equal("خبر", first.Element(news + "publication")!.Element(news + "name")!.Value);
        Assert.Equal("2026-11-27T14:30:00+03:30", first.Element(news + "publication_date")!.Value); // 11:00Z in Tehran
        Assert.All(urls, u => Assert.StartsWith("http", u.Element(sm + "loc")!.Value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2021-06-01T08:00:00Z", "2021-06-01T12:30:00+04:30")] // Iran still kept summer time in 2021
    [InlineData("2021-12-01T08:00:00Z", "2021-12-01T11:30:00+03:30")]
    [InlineData("2024-06-01T08:00:00Z", "2024-06-01T11:30:00+03:30")] // and not since 2022
    public void TehranIso_UsesTheOffsetOfThatInstant(string utc, string expected) =>
        Assert.Equal(expected, Sitemaps.TehranIso(DateTime.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)));

    [Fact]
    public async Task SitemapIndex_ListsArticleAndPageSitemaps_ThatHoldEveryPublishedArticle()
    {
        await using var factory = await NewsAsync();
        var client = factory.Client();
        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var index = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));
        var files = index.Root!.Elements(sm + "sitemap").Select(s => new Uri(s.Element(sm + "loc")!.Value).AbsolutePath).ToList();
        Assert.Equal(["/sitemap-pages.xml", "/sitemap-articles-1.xml"], files);
        Assert.All(index.Root.Descendants(sm + "lastmod"), l => Assert.Matches(W3C(), l.Value));

        var articles = XDocument.Parse(await client.GetStringAsync("/sitemap-articles-1.xml"));
        var codes = articles.Root!.Elements(sm + "url").Select(u => long.Parse(new Uri(u.Element(sm + "loc")!.Value).AbsolutePath.Split('/')[2], CultureInfo.InvariantCulture));
        Assert.Equal(new long[] { 5001, 5002, 5003, Samples.Code }.Order(), codes.Order());
        Assert.All(articles.Root.Descendants(sm + "lastmod"), l => Assert.Matches(W3C(), l.Value));

        var pages = XDocument.Parse(await client.GetStringAsync("/sitemap-pages.xml"));
        var paths = pages.Root!.Elements(sm + "url").Select(u => Uri.UnescapeDataString(new Uri(u.Element(sm + "loc")!.Value).AbsolutePath)).ToList();
        Assert.Contains("/", paths);
        Assert.Contains("/service/politics", paths);
        Assert.Contains("/tag/انتخابات", paths);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/sitemap-articles-2.xml")).StatusCode);
    }

    [Fact]
    public async Task Robots_PointsAtBothSitemaps_AndKeepsCrawlersOutOfTheNewsroom()
    {
        await using var factory = await NewsAsync();
        var robots = await factory.Client().GetStringAsync("/robots.txt");
        Assert.Matches(@"Sitemap: http://[^\s]+/sitemap\.xml", robots);
        Assert.Matches(@"Sitemap: http://[^\s]+/sitemap-news\.xml", robots);
        Assert.Contains("Disallow: /newsroom", robots);
    }

    [Fact]
    public async Task Newsboat_ReadsTheSiteFeed()
    {
        await using var factory = await NewsAsync(realServer: true);
        var feedUrl = factory.ClientOptions.BaseAddress.ToString().TrimEnd('/') + "/rss";
        var folder = Directory.CreateTempSubdirectory("khabar-newsboat");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "urls"), feedUrl + "\n");
            var start = new ProcessStartInfo("newsboat", ["-u", "urls", "-c", "cache.db", "-C", "/dev/null", "-x", "reload", "print-unread"])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var newsboat = Process.Start(start)!;
            var output = await newsboat.StandardOutput.ReadToEndAsync();
            await newsboat.WaitForExitAsync();
            Assert.Equal(0, newsboat.ExitCode);
            Assert.Equal("4 unread articles", output.Trim());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
