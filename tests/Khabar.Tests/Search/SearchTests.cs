using System.Net;
using System.Text.Json;

namespace Khabar.Tests.Search;

/// <summary>Search through the real API and page, on articles imported with messy spelling.</summary>
public class SearchTests
{
    private static string Doc(long code, string title, string body, string service = "سیاسی", string at = "2024-03-01T10:00:00Z", string tags = "[]") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["code"] = code, ["service"] = service, ["title"] = title, ["lead"] = "", ["body"] = body,
            ["published_at"] = at, ["tags"] = JsonSerializer.Deserialize<string[]>(tags)!,
        });

    private static async Task<List<long>> SearchAsync(HttpClient client, string q)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/search?q=" + Uri.EscapeDataString(q)));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetInt64())];
    }

    [Fact]
    public async Task Search_RanksTitleAboveBodyAndFiltersByServiceAndJalaliDates()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Doc(601, "خبری دربارهٔ چیز دیگر", "در متن از واژهٔ کاهش یاد شده است", "سیاسی", "2024-03-02T10:00:00Z"),
            Doc(602, "کاهش تورم در ماه گذشته", "متن بدون آن واژه", "اقتصادی", "2024-03-01T10:00:00Z"),
            Doc(603, "کاهش دیگر در سال پیش", "متن", "اقتصادی", "2023-03-01T10:00:00Z"));
        var client = factory.Client();
        var all = await SearchAsync(client, "کاهش");
        Assert.Equal(3, all.Count);
        Assert.True(all.IndexOf(602) < all.IndexOf(601), "title outranks body");

        var page = await client.HtmlAsync("/search?q=" + Uri.EscapeDataString("کاهش") + "&service=economy&from=" + Uri.EscapeDataString("۱۴۰۲/۱۲/۰۱"));
        Assert.Contains("۱ نتیجه", page);
        Assert.Contains("<mark>کاهش</mark> تورم در ماه گذشته", page);
        Assert.DoesNotContain("کاهش دیگر در سال پیش", page);
    }

    [Fact]
    public async Task SearchPage_HighlightsTheOriginalSpellingAndHandlesEmptyAndBadInput()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Doc(701, "عنوان", "متن گزارش\u200Cهای تازهٔ مجلس دربارهٔ بودجه"));
        var client = factory.Client();
        var page = await client.HtmlAsync("/search?q=" + Uri.EscapeDataString("گزارش"));
        Assert.Contains("<mark>گزارش\u200Cهای</mark>", page);
        Assert.Contains("۱ نتیجه", page);

        var none = await client.HtmlAsync("/search?q=" + Uri.EscapeDataString("واژه\u200Cای که نیست"));
        Assert.Contains("خبری پیدا نشد", none);
        Assert.Contains("واژه یا عبارتی بنویسید", await client.HtmlAsync("/search"));
        Assert.Contains("تاریخ «از» معتبر نیست", await client.HtmlAsync("/search?q=x&from=1401/13/40", HttpStatusCode.BadRequest));

        foreach (var hostile in new[] { "\"", "NEAR(a b)", "a OR b", "*", "-", "title:x", "'; DROP TABLE Articles; --", "(((", new string('ب', 5000) })
        {
            var response = await client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString(hostile));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Search_NeverShowsDraftsOrFutureArticles()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Doc(801, "خبر آینده دربارهٔ ماهواره", "متن", "علمی", "2999-01-01T00:00:00Z"));
        Assert.Empty(await SearchAsync(factory.Client(), "ماهواره"));
    }

    [Fact]
    public async Task Suggested_AreTheMostSimilarArticles_SameServiceFirst()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(
            Doc(901, "نیروگاه خورشیدی تازه در کرمان", "ظرفیت انرژی خورشیدی افزایش یافت", "اقتصادی", "2024-03-05T10:00:00Z", "[\"انرژی خورشیدی\"]"),
            Doc(902, "نیروگاه خورشیدی بر بام مدارس", "برق خورشیدی مدارس", "علمی", "2024-03-04T10:00:00Z", "[\"انرژی خورشیدی\"]"),
            Doc(903, "نیروگاه خورشیدی دوم در یزد", "انرژی خورشیدی بیشتر", "اقتصادی", "2024-03-03T10:00:00Z"),
            Doc(904, "قهرمانی تیم ملی والیبال", "والیبال جوانان", "ورزشی", "2024-03-05T11:00:00Z"));
        var client = factory.Client();
        var page = await client.HtmlAsync((await client.GetAsync("/x/901")).Headers.Location!.OriginalString);
        var block = page[page.IndexOf("id=\"suggested-title\"", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains("نیروگاه خورشیدی دوم در یزد", block);
        Assert.Contains("نیروگاه خورشیدی بر بام مدارس", block);
        Assert.DoesNotContain("والیبال", block);
        Assert.DoesNotContain("نیروگاه خورشیدی تازه در کرمان</a>", block);
        Assert.True(block.IndexOf("یزد", StringComparison.Ordinal) < block.IndexOf("مدارس", StringComparison.Ordinal), "same service first");
    }
}
