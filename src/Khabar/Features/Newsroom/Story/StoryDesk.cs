using System.Globalization;
using System.Security.Claims;
using Khabar.Features.Articles;
using Khabar.Features.Newsroom.Editor;
using Khabar.Features.Search;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Newsroom.Story;

/// <summary>A refusal the editor is shown as it is (Persian), nothing changed.</summary>
public sealed class StoryException(string message) : Exception(message);

/// <summary>
/// What the newsroom does to a story besides its text: its type and bylines, live entries and the end of coverage,
/// a photo report's photos, a video, corrections, «خبر فوری». Each is saved with its audit entry and then told to
/// the change bus: a live entry or a photo evicts only that article's pages (and search results, which find it by
/// them); a correction (the feeds move) and the start or end of «خبر فوری» (every page's strip) evict everything, once.
/// Its search entry is written with it (<see cref="StoryText"/>).
/// </summary>
public sealed class StoryDesk(NewsDb db, MediaStore media, ISearchIndex search, ContentChanges changes, TimeProvider clock)
{
    public const int LiveTextMax = 8000;
    public const int CorrectionMax = 2000;

    public async Task<Article> ArticleAsync(long code, CancellationToken ct) =>
        await db.Articles.FirstOrDefaultAsync(a => a.Code == code, ct) ?? throw new StoryException("خبری با این کد پیدا نشد.");

    public async Task SetKindAsync(long code, ArticleType type, string? authors, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        article.Type = type;
        await db.Bylines.Where(b => b.ArticleId == article.Id).ExecuteDeleteAsync(ct);
        var book = new AuthorBook(db);
        var position = 0;
        foreach (var author in await book.ResolveAsync(AuthorBook.Split(authors), ct))
        {
            db.Bylines.Add(new ArticleByline { ArticleId = article.Id, Author = author, Position = position++ });
        }

        // The type moves it between listings (/photo, /video, the cards' labels) and bylines fill author pages: all of them.
        await SaveAsync(article, by, Audit.Publish, $"نوع: {ArticleKinds.WireName(type)}؛ نویسندگان: {authors}", ContentChange.Content, ct);
    }

    public async Task<LiveEntry> AddLiveEntryAsync(long code, DateTime? at, string? text, bool key, IFormFile? image, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var html = BodyHtml.Clean(text);
        if (article.Type != ArticleType.Live)
        {
            throw new StoryException("این خبر پوشش زنده نیست؛ نخست نوع آن را «لحظه به لحظه» کنید.");
        }

        if (BodyHtml.ToPlainText(html).Trim().Length == 0 || html.Length > LiveTextMax)
        {
            throw new StoryException("متن رویداد را بنویسید (حداکثر ۸٬۰۰۰ نویسه).");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var entry = new LiveEntry
        {
            ArticleId = article.Id, At = at ?? now, Text = html, IsKey = key, CreatedAt = now, CreatedBy = by.Identity?.Name ?? "",
            ImageUrl = image is { Length: > 0 } ? await SaveImageAsync(image, ct) : null,
        };
        db.LiveEntries.Add(entry);
        await SaveAsync(article, by, Audit.Live, "رویداد تازه: " + Cut(BodyHtml.ToPlainText(html)), ContentChange.Story(code), ct);
        return entry;
    }

    public async Task RemoveLiveEntryAsync(long code, long id, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var entry = await db.LiveEntries.FirstOrDefaultAsync(e => e.Id == id && e.ArticleId == article.Id, ct) ?? throw new StoryException("این رویداد پیدا نشد.");
        db.LiveEntries.Remove(entry);
        await SaveAsync(article, by, Audit.Live, "حذف رویداد: " + Cut(BodyHtml.ToPlainText(entry.Text)), ContentChange.Story(code), ct);
    }

    /// <summary>«پایان پوشش زنده» (or coverage resumed, <paramref name="ended"/> false).</summary>
    public async Task EndLiveAsync(long code, bool ended, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        article.LiveEndedAt = ended ? clock.GetUtcNow().UtcDateTime : null;
        await SaveAsync(article, by, Audit.Live, ended ? "پایان پوشش زنده" : "ازسرگیری پوشش زنده", ContentChange.Story(code), ct);
    }

    public async Task AddPhotoAsync(long code, IFormFile file, string? caption, string? credit, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var last = await db.ArticlePhotos.Where(p => p.ArticleId == article.Id).MaxAsync(p => (int?)p.Position, ct) ?? -1;
        var url = await SaveImageAsync(file, ct);
        db.ArticlePhotos.Add(new ArticlePhoto
        {
            ArticleId = article.Id, Position = last + 1, ImageUrl = url, Caption = Line(caption, 500), Credit = Line(credit, 200),
        });
        var pictured = article.ImageUrl is not null;
        article.ImageUrl ??= url; // lists and previews show a photo report by its first photo
        await SaveAsync(article, by, Audit.Publish, "عکس تازهٔ گزارش تصویری", pictured ? ContentChange.Story(code) : ContentChange.Content, ct);
    }

    public async Task EditPhotoAsync(long code, int id, string? caption, string? credit, int move, bool remove, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var photos = await db.ArticlePhotos.Where(p => p.ArticleId == article.Id).OrderBy(p => p.Position).ToListAsync(ct);
        var index = photos.FindIndex(p => p.Id == id);
        if (index < 0)
        {
            throw new StoryException("این عکس پیدا نشد.");
        }

        if (remove)
        {
            db.ArticlePhotos.Remove(photos[index]);
            photos.RemoveAt(index);
        }
        else
        {
            photos[index].Caption = Line(caption, 500);
            photos[index].Credit = Line(credit, 200);
            var to = Math.Clamp(index + Math.Sign(move), 0, photos.Count - 1);
            (photos[index], photos[to]) = (photos[to], photos[index]);
        }

        for (var i = 0; i < photos.Count; i++)
        {
            photos[i].Position = i;
        }

        await SaveAsync(article, by, Audit.Publish, "ویرایش عکس‌های گزارش تصویری", ContentChange.Story(code), ct);
    }

    /// <summary>A video: an uploaded mp4/webm file, or an address (a page of an allowed host, or a video file elsewhere); and a poster.</summary>
    public async Task SetVideoAsync(long code, IFormFile? file, string? address, IFormFile? poster, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        if (file is { Length: > 0 })
        {
            await using var stream = file.OpenReadStream();
            article.VideoUrl = await media.SaveVideoAsync(stream, ct); // a MediaException is the page's to show
        }
        else if (!string.IsNullOrWhiteSpace(address))
        {
            article.VideoUrl = address.Trim().Length <= 500 && VideoSource.Accept(address) is { } accepted ? accepted
                : throw new StoryException("نشانی ویدیو باید صفحهٔ آپارات یا یوتیوب، یا پروندهٔ MP4/WebM باشد.");
        }

        var pictured = article.ImageUrl is not null;
        if (poster is { Length: > 0 })
        {
            article.VideoPoster = await SaveImageAsync(poster, ct);
            article.ImageUrl ??= article.VideoPoster; // lists and feeds show a video by its poster
        }

        await SaveAsync(article, by, Audit.Publish, "ویدیو: " + article.VideoUrl, pictured ? ContentChange.Story(code) : ContentChange.Content, ct);
    }

    /// <summary>«اصلاحیه»: dated now; the article is modified now, and the feeds list it again.</summary>
    public async Task AddCorrectionAsync(long code, string? text, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var note = PersianText.NormalizeLine(text);
        if (note.Length is 0 or > CorrectionMax)
        {
            throw new StoryException("متن اصلاحیه را بنویسید (حداکثر ۲٬۰۰۰ نویسه).");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.Corrections.Add(new Correction { ArticleId = article.Id, At = now, Text = note, CreatedBy = by.Identity?.Name ?? "" });
        article.CorrectedAt = now;
        article.UpdatedAt = now;
        await SaveAsync(article, by, Audit.Correction, Cut(note), ContentChange.Content, ct);
    }

    /// <summary>«خبر فوری» until the given instant (null: no longer breaking).</summary>
    public async Task SetBreakingAsync(long code, DateTime? until, ClaimsPrincipal by, CancellationToken ct)
    {
        var article = await ArticleAsync(code, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (until is { } end && end <= now)
        {
            throw new StoryException("پایان «خبر فوری» باید در آینده باشد.");
        }

        article.BreakingUntil = until;
        await SaveAsync(article, by, Audit.Breaking, until is { } u ? "تا " + PersianFormat.DateTime(u) : "پایان", ContentChange.Content, ct);
    }

    private async Task<string> SaveImageAsync(IFormFile file, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        try
        {
            return await media.SaveLeadImageAsync(stream, ct);
        }
        catch (MediaException e)
        {
            throw new StoryException(e.Message);
        }
    }

    private async Task SaveAsync(Article article, ClaimsPrincipal by, string action, string details, ContentChange change, CancellationToken ct)
    {
        Audit.Record(db, by, clock.GetUtcNow().UtcDateTime, action, "article:" + article.Code.ToString(CultureInfo.InvariantCulture), details);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            // Its entries and captions are searched with its body (StoryText): written with them, in one transaction.
            await db.Entry(article).Collection(a => a.Tags).LoadAsync(ct);
            await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
            await tx.CommitAsync(ct);
        }

        if (article.Status == ArticleStatus.Published)
        {
            await changes.PublishAsync(change, ct);
        }
    }

    private static string Line(string? text, int max)
    {
        var line = PersianText.NormalizeLine(text);
        return line.Length > max ? line[..max] : line;
    }

    private static string Cut(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
