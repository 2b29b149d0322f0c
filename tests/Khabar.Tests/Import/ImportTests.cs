using Microsoft.EntityFrameworkCore;

namespace Khabar.Tests.Import;

public class ImportTests
{
    [Fact]
    public async Task Import_BadLines_ReportsEachByNumberAndImportsNothing()
    {
        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync(
            Samples.Article(1, "خبر درست"),
            "{not json",
            """{"code":2,"service":"سیاسی","title":"","published_at":"2024-01-01T00:00:00Z"}""",
            """{"code":3,"service":"سیاسی","title":"خبر","published_at":"دیروز","comments":[{"text":"x","status":"maybe"}]}""");
        Assert.Equal([2, 3, 4, 4], report.Errors.Select(e => e.Line).ToArray());
        Assert.Contains(report.Errors, e => e.Message.Contains("published_at", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Message.Contains("status", StringComparison.Ordinal));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Articles.CountAsync()));
    }

    [Fact]
    public async Task Import_SameCodeTwice_UpdatesAndNeverDuplicates()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var again = await factory.ImportAsync(Samples.ReferenceArticle().Replace("بررسی طرح تازه", "بررسی دوباره طرح تازه", StringComparison.Ordinal));
        Assert.Empty(again.Errors);
        Assert.Equal(1, again.Updated);
        var (articles, comments, title) = await factory.WithDbAsync(async db =>
            (await db.Articles.CountAsync(), await db.Comments.CountAsync(), await db.Articles.Select(a => a.Title).SingleAsync()));
        Assert.Equal(1, articles);
        Assert.Equal(2, comments);
        Assert.StartsWith("بررسی دوباره", title);
    }

    [Fact]
    public async Task Import_CommentsKeepStatusIpTimeAndGetACountry()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var comments = await factory.WithDbAsync(db => db.Comments.OrderBy(c => c.CreatedAt).ToListAsync());
        Assert.Equal(Storage.CommentStatus.Published, comments[0].Status);
        Assert.Equal("145.97.0.1", comments[0].Ip);
        Assert.Equal("NL", comments[0].CountryCode);
        Assert.Equal(new DateTime(2022, 4, 19, 17, 40, 0, DateTimeKind.Utc), comments[0].CreatedAt);
        Assert.Equal(DateTimeKind.Utc, comments[0].CreatedAt.Kind);
        Assert.Equal(Storage.CommentStatus.Rejected, comments[1].Status);
        Assert.Equal("IR", comments[1].CountryCode);
    }

    [Fact]
    public async Task Import_WithoutCode_AssignsNewCodes()
    {
        await using var factory = new KhabarFactory();
        var report = await factory.ImportAsync(
            """{"service":"ورزش","title":"خبر بی\u200Cکد","published_at":"2024-01-01T10:00:00Z"}""",
            """{"service":"ورزش","title":"خبر بی\u200Cکد دوم","published_at":"2024-01-01T11:00:00Z"}""");
        Assert.Equal(2, report.Created);
        var codes = await factory.WithDbAsync(db => db.Articles.Select(a => a.Code).ToListAsync());
        Assert.Equal(2, codes.Distinct().Count());
        Assert.Equal("sports", await factory.WithDbAsync(db => db.Services.Select(s => s.Slug).SingleAsync()));
    }
}
