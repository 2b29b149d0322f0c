using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Articles;

/// <summary>An author as a byline shows it, linked to /author/{slug}.</summary>
public sealed record Byline(string Name, string Slug)
{
    public string Url => Shared.Urls.Author(Slug);
}

public sealed record LiveEntryView(long Id, DateTime At, string Text, string? ImageUrl, bool IsKey);

public sealed record PhotoView(string ImageUrl, string Caption, string Credit);

public sealed record CorrectionView(DateTime At, string Text);

/// <summary>
/// What an article has besides its text: bylines and corrections (any article), photos (a photo report) and entries
/// (live coverage, newest first). Read with the article and kept with it in <see cref="Shared.SiteDataCache"/>.
/// </summary>
public sealed record ArticleParts(
    IReadOnlyList<Byline> Authors, IReadOnlyList<CorrectionView> Corrections, IReadOnlyList<PhotoView> Photos, IReadOnlyList<LiveEntryView> Live)
{
    public static readonly ArticleParts Empty = new([], [], [], []);

    /// <summary>Key events first, as the live page shows them (newest first among them).</summary>
    public IEnumerable<LiveEntryView> KeyEvents => Live.Where(e => e.IsKey);

    /// <summary>The newest entry's id (0 when none): the live page asks for entries after it.</summary>
    public long LastEntryId => Live.Count == 0 ? 0 : Live.Max(e => e.Id);

    /// <summary>
    /// The parts of an article as read by <see cref="ArticleQueries.ToViews"/>: a plain story with no byline and no
    /// correction (most of an archive) costs no query at all — the page and the comment intake read this on every miss.
    /// </summary>
    public static Task<ArticleParts> LoadAsync(NewsDb db, PublishedArticle a, CancellationToken ct) =>
        !a.HasBylines && !a.HasCorrections && a.Type is ArticleType.News or ArticleType.Video
            ? Task.FromResult(Empty)
            : LoadAsync(db, a.Id, a.Type, ct, a.HasBylines, a.HasCorrections);

    public static async Task<ArticleParts> LoadAsync(NewsDb db, int articleId, ArticleType type, CancellationToken ct, bool bylines = true, bool corrections = true)
    {
        var authors = !bylines ? [] : await db.Bylines.AsNoTracking().Where(b => b.ArticleId == articleId).OrderBy(b => b.Position)
            .Select(b => new Byline(b.Author!.Name, b.Author.Slug)).ToListAsync(ct);
        var notes = !corrections ? [] : await db.Corrections.AsNoTracking().Where(c => c.ArticleId == articleId).OrderBy(c => c.At).ThenBy(c => c.Id)
            .Select(c => new CorrectionView(c.At, c.Text)).ToListAsync(ct);
        var photos = type != ArticleType.Photo ? [] : await db.ArticlePhotos.AsNoTracking().Where(p => p.ArticleId == articleId)
            .OrderBy(p => p.Position).Select(p => new PhotoView(p.ImageUrl, p.Caption, p.Credit)).ToListAsync(ct);
        var live = type != ArticleType.Live ? [] : await LiveAsync(db, articleId, 0, ct);
        return new ArticleParts(authors, notes, photos, live);
    }

    /// <summary>A live article's entries after the given id, newest first.</summary>
    public static Task<List<LiveEntryView>> LiveAsync(NewsDb db, int articleId, long afterId, CancellationToken ct) =>
        db.LiveEntries.AsNoTracking().Where(l => l.ArticleId == articleId && l.Id > afterId)
            .OrderByDescending(l => l.At).ThenByDescending(l => l.Id)
            .Select(l => new LiveEntryView(l.Id, l.At, l.Text, l.ImageUrl, l.IsKey)).ToListAsync(ct);
}
