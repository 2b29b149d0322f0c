using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Api;

/// <summary>The read API for apps: published articles and their published comments.</summary>
public static class ReadApi
{
    public static void MapReadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Articles");
        api.MapGet("/articles", ListAsync).Produces<PageDto<ArticleSummaryDto>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Published articles, newest first (service filter, pages of 20)").WithMetadata(new PublicCacheAttribute("service", "page:n"));
        api.MapGet("/articles/{code:long}", GetAsync).Produces<ArticleDto>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("One published article by its news code").WithMetadata(new PublicCacheAttribute { Tags = [CacheTags.ArticleOfRoute] });
        api.MapLiveApi();
        api.MapGet("/articles/{code:long}/comments", CommentsAsync).Produces<PageDto<CommentDto>>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("The published comments of an article").WithMetadata(new PublicCacheAttribute("page:n") { Tags = [CacheTags.ArticleOfRoute] });
    }

    private static async Task<IResult> ListAsync(
        NewsDb db, TimeProvider clock, SiteNavigation navigation, string? service, int? page, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.Published(now);
        if (!string.IsNullOrWhiteSpace(service))
        {
            var found = (await navigation.ServicesAsync(ct)).FirstOrDefault(s => s.Slug == service || s.Name == service);
            if (found is null)
            {
                return ApiErrors.NotFound("سرویسی با این نام پیدا نشد.");
            }

            query = query.Where(a => a.ServiceId == found.Id);
        }

        var current = Pager.Clamp(page);
        var total = await query.CountAsync(ct);
        var cards = await query.Newest().Skip((current - 1) * ArticleQueries.PageSize).Take(ArticleQueries.PageSize)
            .ToCards().ToListAsync(ct);
        var items = cards.Select(c => new ArticleSummaryDto(
            c.Code, c.Url, c.Rotitr, c.Title, c.Lead, new ServiceDto(c.ServiceSlug, c.ServiceName), c.ImageUrl,
            ApiDates.Iso(c.PublishedAt), ApiDates.Jalali(c.PublishedAt), ArticleKinds.WireName(c.Type))).ToList();
        return Results.Ok(new PageDto<ArticleSummaryDto>(total, current, ArticleQueries.PageSize, items));
    }

    private static async Task<IResult> GetAsync(NewsDb db, TimeProvider clock, long code, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var a = await db.Published(now).Where(x => x.Code == code)
            .Select(x => new
            {
                x.Id, x.Code, x.Slug, x.Rotitr, x.Title, x.Lead, x.BodyHtml, x.ImageUrl, x.ImageCaption, x.Source,
                x.Type, x.LiveEndedAt, x.VideoUrl, x.VideoPoster, x.BreakingUntil,
                PublishedAt = x.PublishedAt!.Value, x.UpdatedAt, ServiceSlug = x.Service!.Slug, ServiceName = x.Service.Name,
                Tags = x.Tags.Select(t => t.Name).ToList(),
                Published = x.Comments.Count(c => c.Status == CommentStatus.Published),
                Pending = x.Comments.Count(c => c.Status == CommentStatus.Pending),
            })
            .FirstOrDefaultAsync(ct);
        if (a is null)
        {
            return ApiErrors.NotFound(Comments.CommentMessages.ArticleNotFound);
        }

        var parts = await ArticleParts.LoadAsync(db, a.Id, a.Type, ct);
        return Results.Ok(new ArticleDto(
            a.Code, Urls.Article(a.Code, a.Slug), Urls.ShortLink(a.Code), a.Rotitr, a.Title, a.Lead, a.BodyHtml,
            new ServiceDto(a.ServiceSlug, a.ServiceName), a.Tags, a.ImageUrl, a.ImageCaption, a.Source,
            ApiDates.Iso(a.PublishedAt), ApiDates.Jalali(a.PublishedAt), ApiDates.Iso(a.UpdatedAt),
            ApiDates.Jalali(a.UpdatedAt), new CommentCountsDto(a.Published, a.Pending), ArticleKinds.WireName(a.Type),
            [.. parts.Authors.Select(p => new AuthorDto(p.Name, p.Slug, p.Url))],
            [.. parts.Live.Select(e => new LiveEntryDto(e.Id, ApiDates.Iso(e.At), ApiDates.Jalali(e.At), e.IsKey, e.Text, e.ImageUrl))],
            a.LiveEndedAt is { } ended ? ApiDates.Iso(ended) : null,
            [.. parts.Photos.Select(p => new PhotoDto(p.ImageUrl, p.Caption, p.Credit))],
            a.VideoUrl is { } video ? new VideoDto(video, a.VideoPoster, VideoSource.IsEmbed(video)) : null,
            [.. parts.Corrections.Select(c => new CorrectionDto(ApiDates.Iso(c.At), ApiDates.Jalali(c.At), c.Text))],
            a.BreakingUntil is { } until && until > now ? ApiDates.Iso(until) : null));
    }

    private static async Task<IResult> CommentsAsync(NewsDb db, TimeProvider clock, long code, int? page, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var articleId = await db.Published(now).Where(a => a.Code == code).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (articleId is null)
        {
            return ApiErrors.NotFound(Comments.CommentMessages.ArticleNotFound);
        }

        const int pageSize = 50;
        var current = Pager.Clamp(page);
        var query = db.Comments.AsNoTracking().Where(c => c.ArticleId == articleId && c.Status == CommentStatus.Published);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).Skip((current - 1) * pageSize).Take(pageSize)
            .Select(c => new { c.Id, c.ParentId, c.Name, c.CountryCode, c.Text, c.CreatedAt, c.Likes, c.Dislikes, c.IsFeatured })
            .ToListAsync(ct);
        var items = rows.Select(c => new CommentDto(
            c.Id, c.ParentId, c.Name, c.CountryCode, Countries.PersianName(c.CountryCode), c.Text, ApiDates.Iso(c.CreatedAt),
            ApiDates.Jalali(c.CreatedAt), c.Likes, c.Dislikes, c.IsFeatured)).ToList();
        return Results.Ok(new PageDto<CommentDto>(total, current, pageSize, items));
    }
}
