using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Articles;

/// <summary>The address of an author's page, /author/{slug}: made from the name, unique, never changed afterwards.</summary>
public static class AuthorSlugs
{
    /// <summary>A slug for the name no author in the database or among <paramref name="pending"/> has (-2, -3 … when taken).</summary>
    public static async Task<string> UniqueSlugAsync(NewsDb db, string name, IEnumerable<Author> pending, CancellationToken ct)
    {
        var stem = Slug.Of(name, 100);
        if (stem.Length == 0)
        {
            stem = "author";
        }

        var taken = new HashSet<string>(pending.Select(a => a.Slug), StringComparer.Ordinal);
        taken.UnionWith(await db.Authors.Where(a => a.Slug == stem || a.Slug.StartsWith(stem + "-")).Select(a => a.Slug).ToListAsync(ct));
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }

        return slug;
    }
}
