using System.Text.Json;
using Khabar.Features.Articles;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Import;

public sealed record ImportError(int Line, string Message);

public sealed record ImportReport(IReadOnlyList<ImportError> Errors, int Created = 0, int Updated = 0, int Comments = 0);

/// <summary>
/// Imports articles with their comments: every line is validated before anything is written, then all of
/// it goes in one transaction. Idempotent by news code: a code seen again updates its article.
/// </summary>
public sealed partial class ArticleImporter(
    NewsDb db, GeoIp geoIp, TimeProvider clock, ContentChanges changes, Search.ISearchIndex search, Newsroom.Editor.MediaStore media)
{
    public async Task<ImportReport> ImportFileAsync(string path, CancellationToken ct)
    {
        var lines = new List<(int Number, ImportLine Line)>();
        var errors = new List<ImportError>();
        var number = 0;
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        foreach (var raw in await File.ReadAllLinesAsync(path, ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            try
            {
                var line = JsonSerializer.Deserialize<ImportLine>(raw, ImportLine.Json);
                if (line is null)
                {
                    errors.Add(new ImportError(number, "not a JSON object"));
                    continue;
                }

                line.Folder = folder;
                errors.AddRange(line.Validate().Select(m => new ImportError(number, m)));
                lines.Add((number, line));
            }
            catch (JsonException e)
            {
                errors.Add(new ImportError(number, "invalid JSON: " + e.Message));
            }
        }

        var duplicates = lines.Where(l => l.Line.Code is not null).GroupBy(l => l.Line.Code).Where(g => g.Count() > 1);
        errors.AddRange(duplicates.SelectMany(g => g.Skip(1).Select(l => new ImportError(l.Number, $"code {g.Key} appears more than once in the file"))));
        if (errors.Count > 0)
        {
            return new ImportReport([.. errors.OrderBy(e => e.Line)]);
        }

        var stored = new List<string>();
        try
        {
            errors.AddRange(await StoreMediaAsync(lines, stored, ct));
            if (errors.Count > 0)
            {
                return new ImportReport([.. errors.OrderBy(e => e.Line)]);
            }

            var report = await ImportAsync(lines.Select(l => l.Line).ToList(), ct);
            stored.Clear();
            return report;
        }
        finally
        {
            stored.ForEach(media.Delete); // nothing imported: the files stored for it go too
        }
    }

    /// <summary>Writes already validated lines in one transaction.</summary>
    public async Task<ImportReport> ImportAsync(IReadOnlyList<ImportLine> lines, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int created = 0, updated = 0, comments = 0;
        var services = await db.Services.ToDictionaryAsync(s => s.Slug, ct);
        var tags = await db.Tags.ToDictionaryAsync(t => t.Name, ct);
        var nextCode = Math.Max(1000, (await db.Articles.MaxAsync(a => (long?)a.Code, ct) ?? 0) + 1);
        var maxCode = lines.Max(l => l.Code) ?? 0;
        nextCode = Math.Max(nextCode, maxCode + 1);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var line in lines)
        {
            var service = ResolveService(services, line.Service!);
            var code = line.Code ?? nextCode++;
            var article = await db.Articles.Include(a => a.Tags).FirstOrDefaultAsync(a => a.Code == code, ct);
            var publishedAt = ImportLine.ParseInstant(line.PublishedAt) ?? now;
            if (article is null)
            {
                article = new Article { Code = code, Title = "", CreatedAt = now, Status = ArticleStatus.Published };
                db.Articles.Add(article);
                created++;
            }
            else
            {
                updated++;
            }

            article.Service = service;
            article.Title = PersianText.NormalizeLine(line.Title);
            article.Rotitr = PersianText.NormalizeLine(line.Rotitr);
            article.Lead = PersianText.NormalizeLine(line.Lead);
            article.BodyHtml = BodyHtml.Clean(line.Body);
            article.Source = NullIfEmpty(PersianText.NormalizeLine(line.Source));
            article.ImageUrl = NullIfEmpty(line.Image?.Trim());
            article.ImageCaption = NullIfEmpty(PersianText.NormalizeLine(line.ImageCaption));
            article.Slug = Slug.Of(article.Title);
            article.Status = ArticleStatus.Published;
            article.PublishedAt = publishedAt;
            article.UpdatedAt = article.Id == 0 ? publishedAt : now;
            article.Tags = ResolveTags(tags, line.Tags);
            await ApplyKindsAsync(article, line, now, ct);
            comments += await AddCommentsAsync(article, line, publishedAt, ct);
        }

        await db.SaveChangesAsync(ct);
        foreach (var article in db.ChangeTracker.Entries<Article>().Select(e => e.Entity))
        {
            await search.WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
        }

        await tx.CommitAsync(ct);
        await changes.PublishAsync(ContentChange.Content, ct); // from the CLI too: the running site hears it
        return new ImportReport([], created, updated, comments);
    }

    private async Task<int> AddCommentsAsync(Article article, ImportLine line, DateTime publishedAt, CancellationToken ct)
    {
        if (line.Comments is not { Count: > 0 })
        {
            return 0;
        }

        var existing = article.Id == 0 ? [] : await db.Comments.Where(c => c.ArticleId == article.Id).ToListAsync(ct);
        var added = new List<Comment>();
        foreach (var item in line.Comments)
        {
            var text = PersianText.Normalize(item!.Text).Trim();
            var name = PersianText.NormalizeLine(item.Name, convertDigits: false);
            var createdAt = ImportLine.ParseInstant(item.CreatedAt) ?? publishedAt;
            var ip = item.Ip?.Trim() ?? "";
            var status = ImportLine.ParseStatus(item.Status)!.Value;

            // The same comment imported again (same time, address and text) is updated, never duplicated.
            var comment = existing.FirstOrDefault(c => c.CreatedAt == createdAt && c.Ip == ip && c.Text == text);
            if (comment is null)
            {
                comment = new Comment { Name = "", Text = text, CreatedAt = createdAt, Ip = ip };
                article.Comments.Add(comment);
                existing.Add(comment);
            }

            comment.Name = name.Length == 0 ? "ناشناس" : name;
            comment.Email = Digits.ToAscii(item.Email ?? "").Trim().ToLowerInvariant();
            comment.Status = status;
            comment.CountryCode = geoIp.CountryOf(ip);
            comment.TextKey = Comments.CommentIntake.TextKeyOf(text); // a reader posting it again is told it is there
            comment.Parent = item.ParentIndex is { } p ? added[p].Parent ?? added[p] : null;
            added.Add(comment);
        }

        return added.Count;
    }

    private Service ResolveService(Dictionary<string, Service> services, string nameOrSlug)
    {
        var name = PersianText.NormalizeLine(nameOrSlug);
        var known = ServiceNames.SlugFor(name);
        var found = services.Values.FirstOrDefault(s => s.Slug == name || s.Name == name || s.Slug == known);
        if (found is not null)
        {
            return found;
        }

        var slug = known ?? Slug.Of(name);
        var service = new Service
        {
            Slug = slug.Length == 0 ? "service-" + (services.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : slug,
            Name = ServiceNames.NameFor(name) ?? name,
            Color = ServiceNames.ColorFor(slug),
            SortOrder = ServiceNames.OrderFor(slug),
        };
        db.Services.Add(service);
        services[service.Slug] = service;
        return service;
    }

    private List<Tag> ResolveTags(Dictionary<string, Tag> tags, List<string?>? names)
    {
        var result = new List<Tag>();
        foreach (var raw in names ?? [])
        {
            var name = PersianText.NormalizeLine(raw);
            if (name.Length == 0 || name.Length > 100 || result.Any(t => t.Name == name))
            {
                continue;
            }

            if (!tags.TryGetValue(name, out var tag))
            {
                tag = new Tag { Name = name };
                db.Tags.Add(tag);
                tags[name] = tag;
            }

            result.Add(tag);
        }

        return result;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
