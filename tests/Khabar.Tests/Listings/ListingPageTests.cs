using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Listings;

public class ListingPageTests
{
    [Theory]
    [InlineData("1401/01/30")]
    [InlineData("۱۴۰۱/۰۱/۳۰")]
    [InlineData("1401/1/30")]
    [InlineData("30/01/1401")] // day first, as «روز/ماه/سال» used to invite
    [InlineData("۳۰/۱/۱۴۰۱")]
    public async Task Get_ArchiveOfJalaliDay_ListsThatDaysArticlesInTehranTime(string date)
    {
        await using var factory = new KhabarFactory();
        // 19:45Z on the 18th is 00:15 on 30 Farvardin in Tehran; 19:15Z is still the 29th.
        await factory.ImportAsync(
            Samples.Article(1, "خبر روز سی\u200Cام", "سیاسی", "2022-04-18T19:45:00Z"),
            Samples.Article(2, "خبر روز بیست\u200Cونهم", "سیاسی", "2022-04-18T19:15:00Z"));
        var html = await factory.Client().HtmlAsync("/archive?date=" + Uri.EscapeDataString(date));
        Assert.Contains("خبر روز سی\u200Cام", html);
        Assert.DoesNotContain("خبر روز بیست\u200Cونهم", html);
        Assert.Contains("۳۰ فروردین ۱۴۰۱", html);
    }

    [Fact]
    public async Task Get_ArchiveWithService_FiltersByService()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Samples.Article(1, "خبر سیاسی آرشیو", "سیاسی", "2022-04-19T08:00:00Z"),
            Samples.Article(2, "خبر ورزشی آرشیو", "ورزشی", "2022-04-19T09:00:00Z"));
        var html = await factory.Client().HtmlAsync("/archive?date=1401/01/30&service=sports");
        Assert.Contains("خبر ورزشی آرشیو", html);
        Assert.DoesNotContain("خبر سیاسی آرشیو", html);
    }

    [Fact]
    public async Task Get_ArchiveWithInvalidDate_Is400WithPersianMessage()
    {
        await using var factory = new KhabarFactory();
        var html = await factory.Client().HtmlAsync("/archive?date=1401/13/45", HttpStatusCode.BadRequest);
        Assert.Contains("تاریخ «1401/13/45» معتبر نیست؛ آن را به شکل سال/ماه/روز بنویسید", html);
        Assert.Contains("class=\"archive-form\"", html); // the archive page with its form, not an error page
        Assert.DoesNotContain("روز/ماه/سال", html);
    }

    [Fact]
    public async Task Get_ServiceAndTagPages_ListTheirArticlesPaginated()
    {
        await using var factory = new KhabarFactory();
        var lines = Enumerable.Range(1, 25).Select(i =>
            Samples.Article(i, $"خبر اقتصادی شماره {i}", "اقتصادی", $"2024-01-{i:00}T10:00:00Z", "[\"بازار\"]")).ToArray();
        await factory.ImportAsync(lines);
        var client = factory.Client();

        var first = await client.HtmlAsync("/service/economy");
        Assert.Contains("خبر اقتصادی شماره ۲۵", first);
        Assert.DoesNotContain("خبر اقتصادی شماره ۵<", first);
        Assert.Contains("صفحهٔ ۱ از ۲", first);
        var second = await client.HtmlAsync("/service/economy?page=2");
        Assert.Contains("خبر اقتصادی شماره ۱<", second);

        var tag = await client.HtmlAsync("/tag/" + Uri.EscapeDataString("بازار"));
        Assert.Contains("خبر اقتصادی شماره ۲۵", tag);
    }

    [Fact]
    public async Task Get_CardLists_NameTheServiceOnlyWhereNoHeadingDoes()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Enumerable.Range(1, 6).Select(i =>
            Samples.Article(i, $"خبر فهرست شماره {i}", i % 2 == 0 ? "اقتصادی" : "ورزشی", $"2024-02-{i:00}T10:00:00Z", "[\"بازار\"]")).ToArray());
        var client = factory.Client();
        const string economyInMeta = "<p class=\"card-meta\"><a href=\"/service/economy\">اقتصادی</a> · <time";

        // Under the service's own heading the cards leave the service out; across services they name it.
        var service = await client.HtmlAsync("/service/economy");
        Assert.Contains("خبر فهرست شماره ۶", service);
        Assert.DoesNotContain(economyInMeta, service);
        Assert.Contains("<p class=\"card-meta\"><time", service);
        var home = await client.HtmlAsync("/");
        var blocks = home[home.IndexOf("class=\"service-blocks\"", StringComparison.Ordinal)..home.IndexOf("<aside", StringComparison.Ordinal)];
        Assert.Contains("خبر فهرست شماره ۲", blocks);
        Assert.DoesNotContain(economyInMeta, blocks);
        Assert.Contains(economyInMeta, home); // the lead story stands under no service heading
        var tag = await client.HtmlAsync("/tag/" + Uri.EscapeDataString("بازار"));
        Assert.Contains(economyInMeta, tag);
        Assert.Contains("<p class=\"card-meta\"><a href=\"/service/sports\">ورزشی</a> · <time", tag);
    }

    [Fact]
    public async Task Get_TagWithArabicLetters_RedirectsToTheStoredSpelling()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(1, "خبر برچسب", "سیاسی", "2024-01-01T10:00:00Z", "[\"مدیریت\"]"));
        var response = await factory.Client().GetAsync("/tag/" + Uri.EscapeDataString("مديريت"));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
    }

    [Fact]
    public async Task Get_HomeWithDemoContent_ShowsEveryBlock()
    {
        await using var factory = new KhabarFactory(new() { ["Khabar:Demo"] = "true" });
        var html = await factory.Client().HtmlAsync("/");
        Assert.Contains("آخرین اخبار", html);
        Assert.Contains("پربیننده\u200Cترین\u200Cها", html);
        var counts = await factory.WithDbAsync(async db => (
            Articles: db.Articles.Count(),
            Services: db.Services.Count(),
            Pending: db.Comments.Count(c => c.Status == Storage.CommentStatus.Pending),
            Published: db.Comments.Count(c => c.Status == Storage.CommentStatus.Published),
            Rejected: db.Comments.Count(c => c.Status == Storage.CommentStatus.Rejected),
            ArabicYeh: db.Articles.Count(a => EF.Functions.Like(a.Title, "%\u064A%") || EF.Functions.Like(a.BodyHtml, "%\u0643%"))));
        Assert.True(counts.Articles >= 60, $"{counts.Articles} demo articles");
        Assert.True(counts.Services >= 6);
        Assert.True(counts.Pending > 0 && counts.Published > 0 && counts.Rejected > 0);
        Assert.Equal(0, counts.ArabicYeh); // the rough wire copy was normalized on the way in
        foreach (var service in new[] { "سیاسی", "اقتصادی", "اجتماعی", "ورزشی", "فرهنگی" })
        {
            Assert.Contains(service, html);
        }
    }
}
