using System.Net;

namespace Khabar.Tests.Articles;

public class ArticlePageTests
{
    private static async Task<(KhabarFactory Factory, HttpClient Client, string Url)> ReferenceAsync()
    {
        var factory = new KhabarFactory();
        var report = await factory.ImportAsync(Samples.ReferenceArticle());
        Assert.Empty(report.Errors);
        var client = factory.Client();
        var redirect = await client.GetAsync($"/news/{Samples.Code}");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        return (factory, client, redirect.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_ImportedReferenceArticle_ShowsTehranTimesCountryAndCounters()
    {
        var (factory, client, url) = await ReferenceAsync();
        await using var _ = factory;
        var html = await client.HtmlAsync(url);

        Assert.Contains("۱۳:۰۰", html); // 08:30Z at +04:30
        Assert.Contains("۲۲:۱۰ ۳۰ فروردین ۱۴۰۱", html); // the comment, 17:40Z, Farsi yeh in the month name
        Assert.Contains("هلند", html);
        Assert.Contains("Netherlands", html);
        Assert.Contains("انتشار یافته: ۱", html);
        Assert.Contains("در انتظار بررسی: ۰", html);
        Assert.Contains("غیر قابل انتشار: ۱", html);
        Assert.Contains("7891", html);
        Assert.Contains("پیگیری فوری مستدعیست.", html); // stored with Farsi yeh
        Assert.DoesNotContain("نظر ردشده", html);
        Assert.DoesNotContain("a@example.com", html);
        Assert.Contains("کد خبر: <bdi>۷۰۰۱</bdi>", html);
        Assert.Contains("اخبار پیشنهادی", html);
        Assert.Contains("تبادل نظر", html);
        Assert.Contains("نظرات کاربران", html);
        Assert.Contains("آخرین اخبار", html);
        Assert.Contains("dir=\"rtl\"", html);
        Assert.Contains("lang=\"fa-IR\"", html);
    }

    [Fact]
    public async Task Get_ImportedBody_IsSanitizedAndNormalized()
    {
        var (factory, client, url) = await ReferenceAsync();
        await using var _ = factory;
        var html = await client.HtmlAsync(url);

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("onclick", html);
        Assert.Contains("سال ۲۰۲۲", html); // digits in Persian text become Persian
        Assert.Contains("گزارش ویژه", html); // Arabic yeh in the rotitr became Farsi yeh
        Assert.Contains("مدیریت شهری", html);
    }

    [Fact]
    public async Task Post_NewComment_MovesPendingCounterWithoutAppearing()
    {
        var (factory, client, url) = await ReferenceAsync();
        await using var _ = factory;

        var response = await client.PostAsync($"/news/{Samples.Code}/comments",
            Http.Form(("name", "خواننده"), ("email", "reader@example.com"), ("text", "یک نظر تازه برای آزمایش")));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var confirmation = await client.HtmlAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("نظر شما ثبت شد و پس از بررسی منتشر خواهد شد.", confirmation);

        var html = await client.HtmlAsync(url);
        Assert.Contains("در انتظار بررسی: ۱", html);
        Assert.Contains("انتشار یافته: ۱", html);
        Assert.DoesNotContain("یک نظر تازه برای آزمایش", html);
    }

    [Fact]
    public async Task Get_WrongOrMissingSlug_RedirectsPermanentlyToCanonical()
    {
        var (factory, client, url) = await ReferenceAsync();
        await using var _ = factory;

        var wrong = await client.GetAsync($"/news/{Samples.Code}/some-old-title");
        Assert.Equal(HttpStatusCode.MovedPermanently, wrong.StatusCode);
        Assert.Equal(url, wrong.Headers.Location!.OriginalString);
        Assert.StartsWith($"/news/{Samples.Code}/%D8%A8%D8%B1%D8%B1%D8%B3%DB%8C", url); // «بررسی…», encoded for the header

        var shortLink = await client.GetAsync($"/x/{Samples.Code}");
        Assert.Equal(HttpStatusCode.MovedPermanently, shortLink.StatusCode);
        Assert.Equal(url, shortLink.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_PrintView_ShowsArticleWithoutComments()
    {
        var (factory, client, _) = await ReferenceAsync();
        await using var __ = factory;
        var html = await client.HtmlAsync($"/news/{Samples.Code}/print");
        Assert.Contains("بررسی طرح تازه نامهای شهری در شورای شهر", html);
        Assert.Contains("noindex", html);
        Assert.DoesNotContain("تبادل نظر", html);
    }

    [Theory]
    [InlineData("/news/999999")]
    [InlineData("/news/999999/print")]
    [InlineData("/x/999999")]
    [InlineData("/no/such/page")]
    [InlineData("/service/nothing-here")]
    [InlineData("/tag/ناموجود")]
    public async Task Get_Missing_ShowsPersianNotFoundPage(string url)
    {
        await using var factory = new KhabarFactory();
        var html = await factory.Client().HtmlAsync(url, HttpStatusCode.NotFound);
        Assert.Contains("صفحه پیدا نشد", html);
        Assert.Contains("dir=\"rtl\"", html);
    }

    [Fact]
    public async Task Get_AnonymousPages_NeverSetACookie()
    {
        var (factory, client, url) = await ReferenceAsync();
        await using var _ = factory;
        foreach (var page in new[] { "/", url, "/archive?date=1401/01/30", "/service/politics", $"/news/{Samples.Code}/print" })
        {
            var response = await client.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{page} set a cookie");
        }
    }

    [Fact]
    public async Task Get_Healthz_IsHealthy()
    {
        await using var factory = new KhabarFactory();
        var response = await factory.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
