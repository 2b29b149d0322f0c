using Khabar.Features.Api;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Storage;

namespace Khabar.Features.Search;

public sealed record SearchItemDto(long Code, string Title, string Url, string Snippet, string PublishedAt, string PublishedAtJalali);

/// <summary>total_is_lower_bound: a broad phrase was looked for among the newest matching articles only.</summary>
public sealed record SearchResultDto(int Total, int Page, IReadOnlyList<SearchItemDto> Items, bool TotalIsLowerBound);

public static class SearchApi
{
    public static void MapSearchApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/search", async (string? q, int? page, HttpContext http, NewsDb db, ISearchIndex index, SearchLimiter limiter, TimeProvider clock, CancellationToken ct) =>
        {
            var query = SearchQuery.Parse(q);
            var current = Pager.Clamp(page);
            if (current > SearchModel.MaxPage)
            {
                return Api.ApiErrors.Problem(StatusCodes.Status400BadRequest, SearchModel.TooFar);
            }

            var (allowed, retryAfter) = await limiter.TryAcquireAsync(http);
            if (!allowed)
            {
                Shared.WindowCounter.SetRetryAfter(http.Response, retryAfter);
                return Api.ApiErrors.Problem(StatusCodes.Status429TooManyRequests, SearchLimiter.Message);
            }

            var results = await index.SearchAsync(db, query, new SearchFilter(null, null, null), clock.GetUtcNow().UtcDateTime,
                (current - 1) * SearchModel.PageSize, SearchModel.PageSize, ct);
            var items = results.Hits.Select(h => new SearchItemDto(
                h.Code, h.Title, h.Url, Snippet.Html(h.Lead + " " + h.BodyText, query.Highlighted), ApiDates.Iso(h.PublishedAt), ApiDates.Jalali(h.PublishedAt))).ToList();
            return Results.Ok(new SearchResultDto(results.Total, current, items, results.AtLeast));
        }).WithTags("Search").Produces<SearchResultDto>().WithSummary("Search published articles (Persian-aware; quoted phrases, -exclusion)").WithMetadata(new PublicCacheAttribute("q", "page:n") { Tags = [CacheTags.Search] });
}
