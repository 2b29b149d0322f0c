using System.Data.Common;
using System.Globalization;
using System.Text;
using Khabar.Features.Articles;
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
public sealed class PostgresSearchIndex : ISearchIndex
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

        var document = DocumentOf(article, tags);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"ArticleSearch\" (\"ArticleId\", \"Document\") VALUES ({id}, CAST({document} AS tsvector))", ct);
    }

    /// <summary>An article's document: title A, rotitr and tags B, lead C, body D.</summary>
    private static string DocumentOf(Article article, IEnumerable<string> tags) => Document(
        (SearchKey.Words(article.Title), 'A'), (SearchKey.Words(article.Rotitr), 'B'), (SearchKey.Words(string.Join(" ، ", tags)), 'B'),
        (SearchKey.Words(article.Lead), 'C'), (SearchKey.Words(BodyHtml.ToPlainText(article.BodyHtml)), 'D'));

    /// <summary>
    /// The tsvector literal of the fields in order: each word with its positions (one run of positions through all the
    /// fields, so a phrase never spans two of them: a gap of 16 separates fields) and its field's weight.
    /// </summary>
    internal static string Document(params (IReadOnlyList<string> Words, char Weight)[] fields)
    {
        var positions = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var position = 1;
        foreach (var (words, weight) in fields)
        {
            foreach (var word in words)
            {
                if (!positions.TryGetValue(word, out var list))
                {
                    positions[word] = list = new StringBuilder();
                }
                else
                {
                    list.Append(',');
                }

                list.Append(Math.Min(position++, MaxPosition).ToString(CultureInfo.InvariantCulture)).Append(weight);
            }

            position += 16;
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
        var parts = query.Words.Select(Quote)
            .Concat(query.Phrases.Select(p => "(" + string.Join(" <-> ", p.Select(Quote)) + ")"))
            .Concat(query.Excluded.Select(e => "!" + Quote(e)));
        return string.Join(" & ", parts);
    }

    public async Task<SearchResults> SearchAsync(NewsDb db, SearchQuery query, SearchFilter filter, DateTime now, int skip, int take, CancellationToken ct)
    {
        if (query.IsEmpty)
        {
            return new SearchResults(0, []);
        }

        var connection = await OpenAsync(db, ct);
        var conditions = Conditions(filter);
        // Counting stops at the cap: past it readers are told «بیش از …», and nobody pages that far.
        await using var count = Command(connection, $"""
            SELECT count(*) FROM (
                SELECT 1 FROM "ArticleSearch" d JOIN "Articles" a ON a."Id" = d."ArticleId" JOIN "Services" s ON s."Id" = a."ServiceId"
                WHERE d."Document" @@ CAST(@query AS tsquery) AND {conditions} LIMIT @cap) AS matches
            """, query, filter, now);
        Add(count, "cap", SqliteSearchIndex.CountCap);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        if (total == 0)
        {
            return new SearchResults(0, []);
        }

        // Ranked among the newest matches only (ids grow with publication): what a news reader wants from a broad
        // query, and a bound on the work. A recent article's rank is up to twice as strong.
        await using var select = Command(connection, $"""
            WITH newest AS (
                SELECT a."Id" AS id, a."PublishedAt" AS at, ts_rank({Weights}, d."Document", CAST(@query AS tsquery)) AS rank
                FROM "ArticleSearch" d JOIN "Articles" a ON a."Id" = d."ArticleId" JOIN "Services" s ON s."Id" = a."ServiceId"
                WHERE d."Document" @@ CAST(@query AS tsquery) AND {conditions}
                ORDER BY a."Id" DESC LIMIT @window),
            ranked AS (
                SELECT id, at, rank * (1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM (@now - at)) / 86400.0 / 30.0)) AS score FROM newest
                ORDER BY score DESC, at DESC LIMIT @take OFFSET @skip)
            SELECT a."Code", a."Slug", a."Title", a."Lead", a."BodyHtml", a."PublishedAt", s."Name", s."Slug"
            FROM ranked JOIN "Articles" a ON a."Id" = ranked.id JOIN "Services" s ON s."Id" = a."ServiceId"
            ORDER BY ranked.score DESC, ranked.at DESC
            """, query, filter, now);
        Add(select, "window", Math.Max(SqliteSearchIndex.RankWindow, (skip + take) * 10));
        Add(select, "take", take);
        Add(select, "skip", skip);
        var hits = new List<SearchHit>(take);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                SqliteSearchIndex.PlainText(reader.GetString(4)), DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc), reader.GetString(6), reader.GetString(7)));
        }

        return new SearchResults(total, hits, total >= SqliteSearchIndex.CountCap);
    }

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

            // One INSERT per batch: the documents built here, sent as two arrays.
            await using var insert = new NpgsqlCommand(
                "INSERT INTO \"ArticleSearch\" (\"ArticleId\", \"Document\") SELECT id, CAST(doc AS tsvector) FROM unnest(@ids, @docs) AS t(id, doc)",
                (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)tx.GetDbTransaction());
            insert.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. batch.Select(a => a.Id)]));
            insert.Parameters.Add(new NpgsqlParameter<string[]>("docs", [.. batch.Select(a => DocumentOf(a, a.Tags.Select(t => t.Name)))]));
            await insert.ExecuteNonQueryAsync(ct);

            count += batch.Count;
            lastId = batch[^1].Id;
        }

        await tx.CommitAsync(ct);
        return count;
    }

    public async Task<IReadOnlyList<long>> SimilarAsync(NewsDb db, int articleId, IReadOnlyList<string> terms, int serviceId, DateTime now, int take, CancellationToken ct)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var connection = await OpenAsync(db, ct);
        // Suggestions come from the newest part of the archive: the last 100 matches, ranked.
        await using var command = Command(connection, $"""
            WITH newest AS (
                SELECT a."Id" AS id, a."Code" AS code, a."ServiceId" AS service, a."PublishedAt" AS at,
                    ts_rank({Weights}, d."Document", CAST(@query AS tsquery)) AS rank
                FROM "ArticleSearch" d JOIN "Articles" a ON a."Id" = d."ArticleId"
                WHERE d."Document" @@ CAST(@query AS tsquery) AND a."Id" <> @id AND a."Status" = 3 AND a."PublishedAt" <= @now
                ORDER BY a."Id" DESC LIMIT 100)
            SELECT code FROM newest
            ORDER BY rank * (CASE WHEN service = @service THEN 1.5 ELSE 1.0 END)
                * (1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM (@now - at)) / 86400.0 / 30.0)) DESC, id DESC
            LIMIT @take
            """, null, new SearchFilter(null, null, null), now);
        Add(command, "query", string.Join(" | ", terms.Select(Quote)));
        Add(command, "id", articleId);
        Add(command, "service", serviceId);
        Add(command, "take", take);
        var codes = new List<long>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            codes.Add(reader.GetInt64(0));
        }

        return codes;
    }

    private static async Task<DbConnection> OpenAsync(NewsDb db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        return db.Database.GetDbConnection();
    }

    private static string Conditions(SearchFilter filter)
    {
        var conditions = "a.\"Status\" = 3 AND a.\"PublishedAt\" <= @now";
        if (filter.ServiceSlug is not null)
        {
            conditions += " AND s.\"Slug\" = @service_slug";
        }

        if (filter.FromUtc is not null)
        {
            conditions += " AND a.\"PublishedAt\" >= @from";
        }

        if (filter.ToUtc is not null)
        {
            conditions += " AND a.\"PublishedAt\" < @to";
        }

        return conditions;
    }

    private static DbCommand Command(DbConnection connection, string sql, SearchQuery? query, SearchFilter filter, DateTime now)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (query is not null)
        {
            Add(command, "query", ToTsQuery(query));
        }

        Add(command, "now", now);
        if (filter.ServiceSlug is { } slug)
        {
            Add(command, "service_slug", slug);
        }

        if (filter.FromUtc is { } from)
        {
            Add(command, "from", from);
        }

        if (filter.ToUtc is { } to)
        {
            Add(command, "to", to);
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object value) =>
        command.Parameters.Add(new NpgsqlParameter(name, value));
}
