using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Articles;

/// <summary>/x/{code}: the short link, a permanent redirect to the canonical article URL.</summary>
public static class ShortLink
{
    public static void MapShortLink(this IEndpointRouteBuilder app) =>
        app.MapGet("/x/{code:long}", async (long code, NewsDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var slug = await db.Published(clock.GetUtcNow().UtcDateTime).Where(a => a.Code == code)
                .Select(a => a.Slug).FirstOrDefaultAsync(ct);
            return slug is null ? Results.NotFound() : Results.Redirect(Urls.Ascii(Urls.Article(code, slug)), permanent: true);
        }).ExcludeFromDescription();
}
