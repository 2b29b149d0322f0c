using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Khabar.Tests.Feeds;

/// <summary>What search engines and social previews read from the pages: Open Graph, JSON-LD, canonical links.</summary>
public sealed partial class MetadataTests
{
    [GeneratedRegex("<script type=\"application/ld\\+json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();

    [GeneratedRegex("<meta property=\"([^\"]+)\" content=\"([^\"]*)\">")]
    private static partial Regex Property();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")]
    private static partial Regex IsoWithOffset();

    private static async Task<(KhabarFactory Factory, string Html)> ArticlePageAsync()
    {
        var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var client = factory.Client();
        var url = (await client.GetAsync($"/x/{Samples.Code}")).Headers.Location!.OriginalString;
        return (factory, await client.HtmlAsync(url));
    }

    [Fact]
    public async Task Article_CarriesNewsArticleAndBreadcrumbs_WithGregorianDatesInAsciiDigits()
    {
        var (factory, html) = await ArticlePageAsync();
        await using var _ = factory;
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(JsonLd().Match(html).Groups[1].Value));
        var article = json.RootElement[0];
        Assert.Equal("NewsArticle", article.GetProperty("@type").GetString());
        Assert.Equal("بررسی طرح تازه نامهای شهری در شورای شهر", article.GetProperty("headline").GetString());
        Assert.Equal("2022-04-19T13:00:00+04:30", article.GetProperty("datePublished").GetString()); // 08:30Z, Tehran summer time in 2022
        Assert.Matches(IsoWithOffset(), article.GetProperty("dateModified").GetString()!);
        Assert.Equal("سیاسی", article.GetProperty("articleSection").GetString());
        Assert.Contains("شورای شهر", article.GetProperty("keywords").GetString());
        Assert.Equal("Organization", article.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.StartsWith("http", article.GetProperty("publisher").GetProperty("logo").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/news/7001/", article.GetProperty("mainEntityOfPage").GetProperty("@id").GetString(), StringComparison.Ordinal);

        var crumbs = json.RootElement[1];
        Assert.Equal("BreadcrumbList", crumbs.GetProperty("@type").GetString());
        Assert.Equal(["خبر", "سیاسی", "بررسی طرح تازه نامهای شهری در شورای شهر"],
            crumbs.GetProperty("itemListElement").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Article_HasOpenGraphAndTwitterCard()
    {
        var (factory, html) = await ArticlePageAsync();
        await using var _ = factory;
        var properties = Property().Matches(html).ToLookup(m => m.Groups[1].Value, m => WebUtility.HtmlDecode(m.Groups[2].Value));
        Assert.Equal("article", properties["og:type"].Single());
        Assert.Equal("بررسی طرح تازه نامهای شهری در شورای شهر", properties["og:title"].Single());
        Assert.Equal("2022-04-19T13:00:00+04:30", properties["article:published_time"].Single());
        Assert.Equal(["شورای شهر", "مدیریت شهری"], properties["article:tag"]);
        Assert.Contains("<meta name=\"twitter:card\"", html);
        Assert.Matches("<link rel=\"canonical\" href=\"http://localhost/news/7001/", html);
    }

    [Fact]
    public async Task Home_DescribesTheSiteSearch()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var html = await factory.Client().HtmlAsync("/");
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(JsonLd().Match(html).Groups[1].Value));
        Assert.Equal("WebSite", json.RootElement.GetProperty("@type").GetString());
        var action = json.RootElement.GetProperty("potentialAction");
        Assert.Equal("SearchAction", action.GetProperty("@type").GetString());
        Assert.Equal("http://localhost/search?q={search_term_string}", action.GetProperty("target").GetProperty("urlTemplate").GetString());
    }

    [Fact]
    public async Task JsonLd_CannotBeClosedByTheTextItCarries()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.Article(7100, "تیتر با </script><script>alert(1)</script> در میان", "سیاسی"));
        var client = factory.Client();
        var url = (await client.GetAsync("/x/7100")).Headers.Location!.OriginalString;
        var html = await client.HtmlAsync(url);
        var block = JsonLd().Match(html).Groups[1].Value;
        Assert.DoesNotContain("</script>", block, StringComparison.OrdinalIgnoreCase);
        using var json = JsonDocument.Parse(WebUtility.HtmlDecode(block));
        Assert.Contains("alert(1)", json.RootElement[0].GetProperty("headline").GetString());
    }
}

/// <summary>The OpenAPI description of /api/v1 that clients generate code from.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApiDocument_DescribesThePublicApi_AndNothingElse()
    {
        await using var factory = new KhabarFactory();
        var response = await factory.Client().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        Assert.Equal(
            ["/api/v1/articles", "/api/v1/articles/{code}", "/api/v1/articles/{code}/comments", "/api/v1/articles/{code}/live",
             "/api/v1/moderation/comments", "/api/v1/moderation/comments/{id}/approve", "/api/v1/moderation/comments/{id}/feature",
             "/api/v1/moderation/comments/{id}/reject", "/api/v1/moderation/comments/{id}/unfeature", "/api/v1/search"],
            paths.Keys.Order(StringComparer.Ordinal));
        var comments = paths["/api/v1/articles/{code}/comments"];
        Assert.True(comments.TryGetProperty("get", out _));
        Assert.True(comments.GetProperty("post").GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(comments.GetProperty("post").TryGetProperty("requestBody", out _));
    }
}
