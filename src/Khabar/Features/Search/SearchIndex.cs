using System.Data.Common;
using System.Globalization;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Search;

public sealed record SearchFilter(string? ServiceSlug, DateTime? FromUtc, DateTime? ToUtc);

public sealed record SearchHit(long Code, string Slug, string Title, string Lead, string BodyText, DateTime PublishedAt, string ServiceName, string ServiceSlug)
{
    public string Url => Shared.Urls.Article(Code, Slug);
}

/// <summary>Total is exact unless <paramref name="AtLeast"/>: a broad phrase is looked for among the newest matches only.</summary>
public sealed record SearchResults(int Total, IReadOnlyList<SearchHit> Hits, bool AtLeast = false);

/// <summary>The one seam with two implementations: SQLite FTS5 now, PostgreSQL tsvector + GIN later.</summary>
public interface ISearchIndex
{
    /// <summary>Writes an article's search keys; call inside the transaction that saves the article.</summary>
    Task WriteAsync(NewsDb db, Article article, IEnumerable<string> tags, CancellationToken ct);

    Task<SearchResults> SearchAsync(NewsDb db, SearchQuery query, SearchFilter filter, DateTime now, int skip, int take, CancellationToken ct);

    Task<int> RebuildAsync(NewsDb db, CancellationToken ct);

    /// <summary>Published articles most like this one by its key terms; same service and recent ones preferred.</summary>
    Task<IReadOnlyList<long>> SimilarAsync(NewsDb db, int articleId, IReadOnlyList<string> terms, int serviceId, DateTime now, int take, CancellationToken ct);
}

/// <summary>FTS5 over the search key of title, rotitr, lead, body and tags; BM25 with a recency boost.</summary>
public sealed partial class SqliteSearchIndex : ISearchIndex
{
    /// <summary>
    /// BM25 with the column weights the index was made with (title 10, rotitr 5, lead 3, body 1, tags 4 — also its
    /// configured rank), named in each query instead of read through FTS5's rank column: ordering by that column
    /// evaluated the function twice per match (the page query of a two-word search: 19.9 → 10.4 ms).
    /// </summary>
    private const string Bm25 = "bm25(ArticleSearch, 10.0, 5.0, 3.0, 1.0, 4.0)";

    /// <summary>How many of the newest matches a broad query ranks by relevance.</summary>
    public const int RankWindow = 300;

    /// <summary>Counting a broad multi-word query stops here.</summary>
    public const int CountCap = 10_000;

    /// <summary>A phrase whose words all appear in more articles than this is looked for among the newest this many.</summary>
    public const int PhraseWindow = 1500;

    /// <summary>Text of a stored (already sanitized) body for snippets: tags dropped, entities decoded; no DOM needed.</summary>
    internal static string PlainText(string html) =>
        System.Net.WebUtility.HtmlDecode(TagPattern().Replace(html, " "));

    [System.Text.RegularExpressions.GeneratedRegex("<[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex TagPattern();

    public async Task WriteAsync(NewsDb db, Article article, IEnumerable<string> tags, CancellationToken ct)
    {
        var id = article.Id;
        await db.Database.ExecuteSqlAsync($"DELETE FROM ArticleSearch WHERE rowid = {id}", ct);
        if (article.Status != ArticleStatus.Published)
        {
            // Only what readers may see is indexed: drafts, scheduled and unpublished articles are not.
            return;
        }

        string title = Indexed(article.Title), rotitr = Indexed(article.Rotitr), lead = Indexed(article.Lead);
        string body = Indexed(await StoryText.BodyAsync(db, article, ct)), tagKey = Indexed(string.Join(" ، ", tags));
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO ArticleSearch(rowid, title, rotitr, lead, body, tags) VALUES ({id}, {title}, {rotitr}, {lead}, {body}, {tagKey})", ct);
    }

    /// <summary>
    /// A field as FTS5 holds it: its key words, then their joins (<see cref="SearchKey.Pairs"/>) after them, so the
    /// words' own positions — what a phrase is matched on — stay as written.
    /// </summary>
    internal static string Indexed(string text)
    {
        var words = SearchKey.Words(text);
        return string.Join(' ', words.Concat(SearchKey.Pairs(words)));
    }

    public async Task<int> RebuildAsync(NewsDb db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM ArticleSearch", ct);
        var count = 0;
        var lastId = 0;
        while (true)
        {
            var batch = await db.Articles.AsNoTracking().Include(a => a.Tags)
                .Where(a => a.Id > lastId && a.Status == ArticleStatus.Published)
                .OrderBy(a => a.Id).Take(500).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var article in batch)
            {
                await WriteAsync(db, article, article.Tags.Select(t => t.Name), ct);
            }

            count += batch.Count;
            lastId = batch[^1].Id;
        }

        await SearchKeyUpgrade.MarkCurrentAsync(db, ct);
        await tx.CommitAsync(ct);
        return count;
    }

    public async Task<IReadOnlyList<long>> SimilarAsync(NewsDb db, int articleId, IReadOnlyList<string> terms, int serviceId, DateTime now, int take, CancellationToken ct)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH top AS (SELECT rowid AS id, {Bm25} AS rank FROM ArticleSearch WHERE ArticleSearch MATCH $match AND rowid > $floor ORDER BY 2 LIMIT 100)
            SELECT a.Code
            FROM top CROSS JOIN Articles AS a INDEXED BY IX_Articles_Search ON a.Id = top.id
            WHERE a.Id <> $id AND a.Status = 3 AND a.PublishedAt <= $now
            ORDER BY top.rank * (CASE WHEN a.ServiceId = $service THEN 1.5 ELSE 1.0 END)
                * (1.0 + 1.0 / (1.0 + (julianday($now) - julianday(a.PublishedAt)) / 30.0))
            LIMIT $take
            """;
        Add(command, "$match", string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")));
        Add(command, "$id", articleId);
        // Suggestions come from the newest part of the archive: rank the matches among the last articles only.
        Add(command, "$floor", await NewestFloorAsync(connection, ct));
        Add(command, "$now", Database.SqliteTime(now));
        Add(command, "$service", serviceId);
        Add(command, "$take", take);
        var codes = new List<long>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            codes.Add(reader.GetInt64(0));
        }

        return codes;
    }

    private static async Task<long> NewestFloorAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(rowid), 0) FROM ArticleSearch";
        var max = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        return Math.Max(0, max - (RankWindow * 5));
    }
}
