using Khabar.Features.Articles;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Search;

/// <summary>
/// The body as search holds it: the article's text, then what a story carries besides it — a live page's entries and a
/// photo report's captions, often most of what it says. A plain story costs no query.
/// </summary>
public static class StoryText
{
    private const string Between = " ، ";

    public static async Task<string> BodyAsync(NewsDb db, Article article, CancellationToken ct)
    {
        var body = BodyHtml.ToPlainText(article.BodyHtml);
        IEnumerable<string> parts = article.Type switch
        {
            ArticleType.Live => (await db.LiveEntries.AsNoTracking().Where(e => e.ArticleId == article.Id).OrderBy(e => e.At).ThenBy(e => e.Id)
                .Select(e => e.Text).ToListAsync(ct)).Select(BodyHtml.ToPlainText),
            ArticleType.Photo => await db.ArticlePhotos.AsNoTracking().Where(p => p.ArticleId == article.Id).OrderBy(p => p.Position)
                .Select(p => p.Caption).ToListAsync(ct),
            _ => [],
        };
        return string.Join(Between, parts.Prepend(body).Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}
