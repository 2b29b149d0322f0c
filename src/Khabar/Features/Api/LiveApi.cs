using System.Globalization;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;

namespace Khabar.Features.Api;

public sealed record LiveEntryDto(long Id, string At, string AtJalali, bool Key, string Html, string? ImageUrl);

public sealed record LiveDto(long Code, bool Ended, string? EndedAt, string? EndedAtJalali, long LastId, IReadOnlyList<LiveEntryDto> Entries);

/// <summary>
/// A live article's entries newer than the page has (<c>?after=</c> the newest entry's id), newest first: the live page
/// asks every 30 seconds. Answered from the article's data in memory and kept by the page cache until the article changes.
/// </summary>
public static class LiveApi
{
    public static void MapLiveApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/articles/{code:long}/live", GetAsync).WithTags("Articles").Produces<LiveDto>()
            .Produces(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("A live article's entries after the given entry id, newest first")
            .WithMetadata(new PublicCacheAttribute("after") { Tags = [CacheTags.ArticleOfRoute] });

    private static async Task<IResult> GetAsync(NewsDb db, SiteDataCache lists, TimeProvider clock, long code, string? after, CancellationToken ct)
    {
        long afterId = 0;
        if (!string.IsNullOrEmpty(after) && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, "after باید شناسهٔ عددی آخرین رویداد باشد.");
        }

        var data = await lists.PublishedArticleAsync(db, code, clock.GetUtcNow().UtcDateTime, ct);
        if (data is not { Article.Type: ArticleType.Live })
        {
            return ApiErrors.NotFound("پوشش زنده‌ای با این کد پیدا نشد.");
        }

        var a = data.Article;
        var entries = data.Parts.Live.Where(e => e.Id > afterId)
            .Select(e => new LiveEntryDto(e.Id, ApiDates.Iso(e.At), ApiDates.Jalali(e.At), e.IsKey, e.Text, e.ImageUrl)).ToList();
        return Results.Ok(new LiveDto(
            a.Code, a.LiveEndedAt is not null, a.LiveEndedAt is { } end ? ApiDates.Iso(end) : null,
            a.LiveEndedAt is { } endJ ? ApiDates.Jalali(endJ) : null, data.Parts.LastEntryId, entries));
    }
}
