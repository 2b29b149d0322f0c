using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Editor;

/// <summary>Small JSON helpers of the editor, under /newsroom so the newsroom's authorization covers them.</summary>
public static class EditorApi
{
    public static void MapEditorApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/newsroom/api/tags", async (string? q, NewsDb db, CancellationToken ct) =>
        {
            var prefix = PersianText.NormalizeLine(q);
            if (prefix.Length == 0)
            {
                return Results.Ok(Array.Empty<string>());
            }

            var names = await db.Tags.AsNoTracking().Where(t => t.Name.StartsWith(prefix))
                .OrderByDescending(t => t.Articles.Count).ThenBy(t => t.Name).Take(10).Select(t => t.Name).ToListAsync(ct);
            return Results.Ok(names);
        }).RequireAuthorization(Policies.Write).ExcludeFromDescription();
}
