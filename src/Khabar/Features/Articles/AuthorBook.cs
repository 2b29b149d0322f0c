using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Articles;

/// <summary>
/// The authors bylines name: found by their normalized name, made when new with a unique slug for /author/{slug}
/// (never changed afterwards); a newsroom member whose display name it is gets linked. One book per unit of work
/// (an import, an editor's save): it reads the authors once and remembers the ones it made.
/// </summary>
public sealed class AuthorBook(NewsDb db)
{
    private Dictionary<string, Author>? _authors;
    private Dictionary<string, string>? _members;

    /// <summary>Names as an editor types them: separated by commas (, or ،) or lines.</summary>
    public static IEnumerable<string> Split(string? text) =>
        (text ?? "").Split([',', '،', '\n', '\r', '؛', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The authors of these names in order, made when new (added to the context, saved with it).</summary>
    public async Task<List<Author>> ResolveAsync(IEnumerable<string?> names, CancellationToken ct)
    {
        _authors ??= await db.Authors.ToDictionaryAsync(a => a.Name, ct);
        _members ??= (await db.Users.Where(u => u.DisplayName != "").Select(u => new { u.DisplayName, u.Id }).ToListAsync(ct))
            .GroupBy(u => PersianText.NormalizeLine(u.DisplayName)).ToDictionary(g => g.Key, g => g.First().Id);
        var result = new List<Author>();
        foreach (var raw in names)
        {
            var name = PersianText.NormalizeLine(raw);
            if (name.Length == 0 || name.Length > 100 || result.Any(a => a.Name == name))
            {
                continue;
            }

            if (!_authors.TryGetValue(name, out var author))
            {
                author = new Author { Name = name, Slug = await UniqueSlugAsync(name, ct), UserId = _members.GetValueOrDefault(name) };
                db.Authors.Add(author);
                _authors[name] = author;
            }

            result.Add(author);
        }

        return result;
    }

    /// <summary>A slug for the name no author has (-2, -3 … when taken).</summary>
    private async Task<string> UniqueSlugAsync(string name, CancellationToken ct)
    {
        var stem = Slug.Of(name, 100);
        if (stem.Length == 0)
        {
            stem = "author";
        }

        var taken = new HashSet<string>(_authors!.Values.Select(a => a.Slug), StringComparer.Ordinal);
        taken.UnionWith(await db.Authors.Where(a => a.Slug == stem || a.Slug.StartsWith(stem + "-")).Select(a => a.Slug).ToListAsync(ct));
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }

        return slug;
    }
}
