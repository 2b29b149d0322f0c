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

    /// <summary>Each row: a document's text, a query, and whether it must match. Written for this project.</summary>
    public static TheoryData<string, string, bool, string> Cases => new()
    {
        { "كتاب تازهٔ سال منتشر شد", "کتاب", true, "Arabic kaf in the document" },
        { "کتاب تازه منتشر شد", "كتاب", true, "Arabic kaf in the query" },
        { "گزارش علي از جلسه", "علی", true, "Arabic yeh" },
        { "آنها می\u200Cکردند چنین", "میکردند", true, "ZWNJ in the document, joined query" },
        { "آنها می کردند چنین", "می\u200Cکردند", true, "space in the document, ZWNJ query" },
        { "آنها میکردند چنین", "می کردند", true, "joined document, spaced query" },
        { "نشست بین\u200Cالمللی تهران", "بین المللی", true, "ZWNJ vs space" },
        { "نشست بین المللی تهران", "بینالمللی", true, "space vs joined" },
        { "گزارش\u200Cهای تازه رسید", "گزارش", true, "plural suffix after ZWNJ" },
        { "گزارش های تازه رسید", "گزارش", true, "plural suffix after a space" },
        { "متن نامه\u200Cای از وزیر", "نامه", true, "indefinite suffix after ZWNJ" },
        { "تورم ۳۱٫۴ درصد شد", "31.4", true, "Persian decimal equals ASCII decimal" },
        { "تورم 31.4 درصد شد", "۳۱٫۴", true, "ASCII decimal equals Persian decimal" },
        { "سال ۱۴۰۱ گذشت", "1401", true, "Persian digits, ASCII query" },
        { "سال ١٤٠١ گذشت", "۱۴۰۱", true, "Arabic-Indic digits" },
        { "تقریباً همه آمدند", "تقریبا", true, "tanwin dropped" },
        { "خبــــر مهم", "خبر", true, "tatweel dropped" },
        { "مدرسة تازه", "مدرسه", true, "teh marbuta" },
        { "سال 14010 نیست", "1401", false, "a number is not a longer number" },
        { "سال 1401 گذشت", "14010", false, "nor the other way" },
        { "شیر خوردند", "سیر", false, "different words stay apart" },
        { "آن روز گذشت", "ان", false, "madda changes the word" },
        { "تلاوت قرآن", "قران", false, "قرآن is not قران" },
        { "او تنها آمد", "تن", false, "no blind «ها» stripping" },
        { "بین دو کشور", "بیندو", false, "«بین» joins only with «ال…»" },
        { "کتابخانه باز شد", "کتاب", false, "words, not substrings" },
        { "خبر از پارلمان", "خبرنگار", false, "prefix of a longer word is not a match" },
        { "بودجه سال آینده", "\"سال بودجه\"", false, "a phrase keeps its order" },
        { "بودجه سال آینده", "\"بودجه سال\"", true, "phrase in order" },
        { "بودجه سال آینده", "بودجه -سال", false, "exclusion" },
        { "بودجه سال آینده", "بودجه -نفت", true, "exclusion of an absent word" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Search_QualityCase(string text, string query, bool mustMatch, string why)
    {
        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync(Doc(501, "عنوان آزمایشی", text));
        Assert.Empty(report.Errors);
        var codes = await SearchAsync(factory.Client(), query);
        Assert.True(mustMatch == codes.Contains(501), $"{why}: «{query}» in «{text}» should {(mustMatch ? "" : "not ")}match");
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
