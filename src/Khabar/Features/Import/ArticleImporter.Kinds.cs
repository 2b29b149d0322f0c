using Khabar.Features.Articles;
using Khabar.Features.Newsroom.Editor;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Import;

/// <summary>The article types' parts of an import line: type, bylines, live entries, photos, video, corrections, «خبر فوری».</summary>
public sealed partial class ArticleImporter
{
    private AuthorBook? _authors;

    /// <summary>
    /// Stores the photos and videos named as files beside the import file under /media (photos cropped and sized like
    /// lead images) and rewrites the line to their addresses. A file that cannot be read as what it claims is the line's
    /// error, and what was stored for the file is removed again: nothing is imported.
    /// </summary>
    private async Task<List<ImportError>> StoreMediaAsync(IReadOnlyList<(int Number, ImportLine Line)> lines, List<string> stored, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        foreach (var (number, line) in lines)
        {
            async Task<string?> StoreAsync(string where, string? src, bool image)
            {
                if (string.IsNullOrWhiteSpace(src) || ImportLine.IsAddress(src.Trim()))
                {
                    return src?.Trim();
                }

                try
                {
                    await using var file = File.OpenRead(line.FileOf(src.Trim())!);
                    var url = image ? await media.SaveLeadImageAsync(file, ct) : await media.SaveVideoAsync(file, ct);
                    stored.Add(url);
                    return url;
                }
                catch (MediaException e)
                {
                    errors.Add(new ImportError(number, $"{where} '{src}': {e.Message}"));
                    return null;
                }
            }

            for (var i = 0; i < (line.Photos?.Count ?? 0); i++)
            {
                line.Photos![i]!.Src = await StoreAsync($"photos[{i}].src", line.Photos[i]!.Src, image: true);
            }

            for (var i = 0; i < (line.Live?.Count ?? 0); i++)
            {
                line.Live![i]!.Image = await StoreAsync($"live[{i}].image", line.Live[i]!.Image, image: true);
            }

            if (line.Video is { } video)
            {
                video.Src = await StoreAsync("video.src", video.Src, image: false);
                video.Poster = await StoreAsync("video.poster", video.Poster, image: true);
            }
        }

        return errors;
    }

    private async Task ApplyKindsAsync(Article article, ImportLine line, DateTime now, CancellationToken ct)
    {
        article.Type = ImportLine.ParseType(line.Type)!.Value;
        article.LiveEndedAt = ImportLine.ParseInstant(line.LiveEndedAt);
        article.BreakingUntil = ImportLine.ParseInstant(line.BreakingUntil);
        var video = line.Video?.Src?.Trim();
        article.VideoUrl = string.IsNullOrEmpty(video) ? null : VideoSource.Accept(video) ?? video; // a stored file: /media/…
        article.VideoPoster = NullIfEmpty(line.Video?.Poster?.Trim());
        var existing = article.Id != 0;

        // A photo report or a video without a lead image is shown in lists, previews and feeds by its first photo or poster.
        article.ImageUrl ??= article.Type switch
        {
            ArticleType.Photo => NullIfEmpty(line.Photos?.FirstOrDefault()?.Src?.Trim()),
            ArticleType.Video => article.VideoPoster,
            _ => null,
        };

        if (line.Authors is not null)
        {
            if (existing)
            {
                await db.Bylines.Where(b => b.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            }

            article.Bylines = [];
            _authors ??= new AuthorBook(db);
            foreach (var author in await _authors.ResolveAsync(line.Authors, ct))
            {
                article.Bylines.Add(new ArticleByline { Author = author, Position = article.Bylines.Count });
            }
        }

        if (line.Live is not null)
        {
            if (existing)
            {
                await db.LiveEntries.Where(l => l.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            }

            article.LiveEntries = [.. line.Live.Select(l => new LiveEntry
            {
                At = ImportLine.ParseInstant(l!.At)!.Value, Text = BodyHtml.Clean(l.Text), IsKey = l.Key,
                ImageUrl = NullIfEmpty(l.Image), CreatedAt = now, CreatedBy = "import",
            })];
        }

        if (line.Photos is not null)
        {
            if (existing)
            {
                await db.ArticlePhotos.Where(p => p.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            }

            article.Photos = [.. line.Photos.Select((p, i) => new ArticlePhoto
            {
                Position = i, ImageUrl = p!.Src!.Trim(), Caption = PersianText.NormalizeLine(p.Caption), Credit = PersianText.NormalizeLine(p.Credit),
            })];
        }

        if (line.Corrections is not null)
        {
            if (existing)
            {
                await db.Corrections.Where(c => c.ArticleId == article.Id).ExecuteDeleteAsync(ct);
            }

            article.Corrections = [.. line.Corrections.Select(c => new Correction
            {
                At = ImportLine.ParseInstant(c!.At)!.Value, Text = PersianText.NormalizeLine(c.Text), CreatedBy = "import",
            })];
        }

        // A correction is a change to the article: its page, feeds and sitemaps say it was modified then.
        if (line.Corrections is not null)
        {
            article.CorrectedAt = article.Corrections.Count > 0 ? article.Corrections.Max(c => c.At) : null;
        }

        if (article.CorrectedAt > article.UpdatedAt)
        {
            article.UpdatedAt = article.CorrectedAt.Value;
        }
    }
}
