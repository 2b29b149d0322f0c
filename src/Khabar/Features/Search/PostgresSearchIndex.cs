using System.Globalization;
using System.Text;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Khabar.Features.Search;

/// <summary>
/// Search on PostgreSQL: each published article's search keys (<see cref="SearchKey"/>, the same as SQLite's) as a
/// <c>tsvector</c> written as a literal — positions and weights set here, so PostgreSQL's parser, stemmer and case
/// folding never touch a Persian word — GIN-indexed, written in the article's transaction. Weights: title A, rotitr
/// and tags B, lead C, body D; ranked by <c>ts_rank</c> with a recency boost, among the newest matches of a broad query.
/// </summary>
public sealed partial class PostgresSearchIndex : ISearchIndex
{
    /// <summary>ts_rank's weights for {D, C, B, A}: body 1, lead 3, rotitr and tags 4–5, title 10 (SQLite's BM25 weights, scaled).</summary>
    private const string Weights = "'{0.1, 0.3, 0.45, 1.0}'";

    /// <summary>tsvector positions stop at 16,383.</summary>
    private const int MaxPosition = 16383;

    public async Task WriteAsync(NewsDb db, Article article, IEnumerable<string> tags, CancellationToken ct)
    {
        var id = article.Id;
        await db.Database.ExecuteSqlAsync($"DELETE FROM \"ArticleSearch\" WHERE \"ArticleId\" = {id}", ct);
        if (article.Status != ArticleStatus.Published)
        {
            return; // only what readers may see is indexed
        }

        var (document, ranked) = DocumentOf(article, tags, await StoryText.BodyAsync(db, article, ct));
        var (at, service) = (article.PublishedAt is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : (DateTime?)null, article.ServiceId);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"ArticleSearch\" (\"ArticleId\", \"PublishedAt\", \"ServiceId\", \"Document\", \"Ranked\") VALUES ({id}, {at}, {service}, CAST({document} AS tsvector), CAST({ranked} AS tsvector))", ct);
    }

    /// <summary>
    /// An article's two tsvectors: the document every match is found in (title A, rotitr and tags B, lead C, body D, the
    /// words' joins, and the lexeme of its id's bucket), and the words alone, which ranking and phrase tests read — a
    /// document is ~2.5× larger with the joins, and those read every candidate's whole document from TOAST.
    /// </summary>
    private static (string Document, string Ranked) DocumentOf(Article article, IEnumerable<string> tags, string body)
    {
        (IReadOnlyList<string>, char)[] fields =
        [
            (SearchKey.Words(article.Title), 'A'), (SearchKey.Words(article.Rotitr), 'B'), (SearchKey.Words(string.Join(" ، ", tags)), 'B'),
            (SearchKey.Words(article.Lead), 'C'), (SearchKey.Words(body), 'D'),
        ];
        return (Document(true, fields) + " " + Quote(BucketLexeme(article.Id / BucketSize)), Document(false, fields));
    }

    /// <summary>
    /// The tsvector literal of the fields in order: each word with its positions (one run of positions through all the
    /// fields, so a phrase never spans two of them: a gap of 16 separates fields) and its field's weight; with
    /// <paramref name="joins"/>, each word's join with the next too.
    /// </summary>
    internal static string Document(bool joins, params (IReadOnlyList<string> Words, char Weight)[] fields)
    {
        var positions = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var position = 1;
        foreach (var (words, weight) in fields)
        {
            for (var i = 0; i < words.Count; i++)
            {
                // A word's join with the next (SearchKey.Pairs) shares its position: phrases see the words as written.
                Add(words[i], position, weight);
                if (joins && i + 1 < words.Count && SearchKey.JoinOf(words[i], words[i + 1]) is { } joined)
                {
                    Add(joined, position, weight);
                }

                position++;
            }

            position += 16;
        }

        void Add(string word, int at, char weight)
        {
            if (!positions.TryGetValue(word, out var list))
            {
                positions[word] = list = new StringBuilder();
            }
            else
            {
                list.Append(',');
            }

            list.Append(Math.Min(at, MaxPosition).ToString(CultureInfo.InvariantCulture)).Append(weight);
        }

        var literal = new StringBuilder();
        foreach (var (word, list) in positions)
        {
            literal.Append(Quote(word)).Append(':').Append(list).Append(' ');
        }

        return literal.ToString().TrimEnd();
    }

    /// <summary>A lexeme quoted for a tsvector or tsquery literal.</summary>
    internal static string Quote(string word) =>
        "'" + word.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The tsquery of a reader's query: words ANDed, phrases with &lt;-&gt;, exclusions with !.</summary>
    internal static string ToTsQuery(SearchQuery query)
    {
        var parts = query.Terms.Select(Alternatives)
            .Concat(query.Phrases.Select(p => "(" + string.Join(" <-> ", p.Select(Quote)) + ")"))
            .Concat(query.Excluded.Select(e => "!" + Quote(e)));
        return string.Join(" & ", parts);
    }

    /// <summary>A query word and its joins with its neighbours, any of which matches it.</summary>
    internal static string Alternatives(IReadOnlyList<string> term) =>
        term.Count == 1 ? Quote(term[0]) : "(" + string.Join(" | ", term.Select(Quote)) + ")";

    public async Task<int> RebuildAsync(NewsDb db, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"ArticleSearch\"", ct);
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

            // One INSERT per batch: the documents built here, sent as two arrays; the filter columns from the articles.
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO "ArticleSearch" ("ArticleId", "PublishedAt", "ServiceId", "Document", "Ranked")
                SELECT t.id, a."PublishedAt", a."ServiceId", CAST(t.doc AS tsvector), CAST(t.ranked AS tsvector)
                FROM unnest(@ids, @docs, @ranked) AS t(id, doc, ranked) JOIN "Articles" a ON a."Id" = t.id
                """,
                (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx.GetDbTransaction());
            insert.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. batch.Select(a => a.Id)]));
            var documents = new List<(string Document, string Ranked)>(batch.Count);
            foreach (var a in batch)
            {
                documents.Add(DocumentOf(a, a.Tags.Select(t => t.Name), await StoryText.BodyAsync(db, a, ct)));
            }

            insert.Parameters.Add(new NpgsqlParameter<string[]>("docs", [.. documents.Select(d => d.Document)]));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("ranked", [.. documents.Select(d => d.Ranked)]));
            await insert.ExecuteNonQueryAsync(ct);

            count += batch.Count;
            lastId = batch[^1].Id;
        }

        await SearchKeyUpgrade.MarkCurrentAsync(db, ct);
        await tx.CommitAsync(ct);
        return count;
    }
}
