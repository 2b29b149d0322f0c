using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Khabar.Tests.Listings;

/// <summary>The small things a reader meets: dated «آخرین اخبار», cards without images, the print view, the icon.</summary>
public class ReaderDetailsTests
{
    [Fact]
    public async Task LatestNews_GiveEarlierDaysTheirDate_AndTodayOnlyItsTime()
    {
        // 2024-04-19 12:00 Tehran (08:30Z) is 31 Farvardin 1403.
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 4, 19, 8, 30, 0, TimeSpan.Zero));
        await using var factory = new KhabarFactory(clock: clock);
        await factory.ImportAsync(
            Samples.Article(1, "خبر امروز صبح", "سیاسی", "2024-04-19T05:00:00Z"),
            Samples.Article(2, "خبر دیروز عصر", "سیاسی", "2024-04-18T13:00:00Z"),
            Samples.Article(3, "خبر هفتهٔ پیش", "سیاسی", "2024-04-12T06:00:00Z"));
        var article = (await factory.Client().GetAsync("/x/1")).Headers.Location!.OriginalString;
        foreach (var url in new[] { "/", article })
        {
            var html = await factory.Client().HtmlAsync(url);
            var latest = html[html.IndexOf("id=\"latest-title\"", StringComparison.Ordinal)..];
            latest = latest[..latest.IndexOf("</ul>", StringComparison.Ordinal)];
            Assert.Contains(">۰۸:۳۰</time> <a href=\"/news/1/", latest);
            Assert.Contains(">دیروز ۱۶:۳۰</time>", latest);
            Assert.Contains(">۲۴ فروردین ۰۹:۳۰</time>", latest);
        }
    }

    [Fact]
    public async Task Cards_WithoutAnImage_TakeTheWholeRow()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Samples.Article(1, "خبر بی\u200Cتصویر", "سیاسی", "2024-01-01T10:00:00Z"),
            """{"code":2,"service":"سیاسی","title":"خبر با تصویر","body":"متن","image":"/img/demo/politics-1.svg","published_at":"2024-01-02T10:00:00Z"}""");
        var html = await factory.Client().HtmlAsync("/service/politics");
        Assert.Matches("<li class=\"card no-image\">\\s*<div class=\"card-text\">[\\s\\S]*?خبر بی\u200Cتصویر", html);
        Assert.Matches("<li class=\"card\">\\s*<a class=\"card-image\"[\\s\\S]*?خبر با تصویر", html);
        var css = await factory.Client().GetStringAsync("/css/site.css");
        Assert.Contains(".card.no-image { grid-template-columns: minmax(0, 1fr); }", css);
    }

    [Fact]
    public async Task PrintView_HasAWayBackAndAPrintButton()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var html = await factory.Client().HtmlAsync($"/news/{Samples.Code}/print");
        Assert.Matches($"<a href=\"/news/{Samples.Code}/[^\"]+\">→ بازگشت به خبر</a>", html);
        Assert.True(html.Contains("چاپ این خبر</button>", StringComparison.Ordinal), html[html.IndexOf("print-bar", StringComparison.Ordinal)..][..400]);
        Assert.Matches("src=\"/js/site[.a-z0-9]*\\.js", html);
    }

    [Fact]
    public async Task FaviconIco_IsServedAsAnIcon()
    {
        await using var factory = new KhabarFactory();
        var response = await factory.Client().GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // ICONDIR: reserved 0, type 1 (icon)
        Assert.True(BitConverter.ToUInt16(bytes, 4) >= 2); // several sizes
    }

    [Fact]
    public async Task CommentsSection_AfterSending_DoesNotInviteTheFirstComment()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(9, "خبر بی\u200Cنظر", "سیاسی", "2024-01-01T10:00:00Z"));
        var article = (await factory.Client().GetAsync("/x/9")).Headers.Location!.OriginalString;
        var html = await factory.Client().HtmlAsync(article + "?comment=pending");
        Assert.Contains("notice success", html);
        Assert.Contains("<span class=\"empty-invite\">نخستین نظر را شما بنویسید.</span><span class=\"empty-sent\">", html);
        var css = await factory.Client().GetStringAsync("/css/site.css");
        Assert.Contains(".article:has(.comment-form-block .notice.success) .comments .empty-invite { display: none; }", css);
    }
}
