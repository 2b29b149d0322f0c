using System.Globalization;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khabar.Features.Search;

/// <summary>
/// The search itself on PostgreSQL. Matches always come from the GIN index as a bitmap, never by testing documents one
/// by one: a document is read from TOAST (~9 µs warm, far more cold) wherever <c>@@</c> is evaluated on a row, and the
/// planner's cost model does not count that — left alone it walked the primary key newest-first testing each document,
/// 420 ms for a common word at 100,000 articles. GIN returns matches in heap order, not newest first, so each document
/// also holds the lexeme of its id's bucket (<see cref="BucketSize"/> ids): "the newest matches" is then a question the
/// index answers alone — the word AND one of the newest buckets — asked over a wider span only when too few are found.
/// Only the documents ranked (or a phrase's candidates) are read.
/// </summary>
public sealed partial class PostgresSearchIndex
{
    /// <summary>Ids per bucket lexeme.</summary>
    internal const int BucketSize = 1024;

    /// <summary>The newest buckets a window is first looked for in, then wider; 0 is the whole archive.</summary>
    private static readonly int[] WindowSpans = [2, 16, 0];

    /// <summary>
    /// The most newest buckets a count is tried in first (a word in at least ~40 % of the archive): a count that reaches
    /// the cap there needs no more; a rarer word's whole posting list is short enough to count at once.
    /// </summary>
    private const int MaxCountSpan = 32;

    /// <summary>The planner may reach a document only through the GIN bitmap (or a row by its key); set per transaction.</summary>
    private const string BitmapOnly = "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off";

    /// <summary>
    /// Ahead of the queries that read documents by their key (ranking, a phrase's test): a key is one index step, and
    /// a bitmap per key cost 300 bitmap scans for one ranked window.
    /// </summary>
    private const string ByKey = "SET LOCAL enable_indexscan = on;\n";

    /// <summary>What ranking reads: the words alone, without joins (or the document, until <see cref="SearchKeyUpgrade"/> rewrites a row).</summary>
    private const string RankedColumn = "COALESCE(d.\"Ranked\", d.\"Document\")";

    /// <summary>A bucket's lexeme: a space and a tilde, which no search key holds, keep it apart from every word.</summary>
    internal static string BucketLexeme(int bucket) => "~id " + bucket.ToString(CultureInfo.InvariantCulture);

    public async Task<SearchResults> SearchAsync(NewsDb db, SearchQuery query, SearchFilter filter, DateTime now, int skip, int take, CancellationToken ct)
    {
        if (query.IsEmpty)
        {
            return new SearchResults(0, []);
        }

        var connection = await OpenAsync(db, ct);
        var scope = new Scope(connection, await NewestIdAsync(connection, ct), filter, now);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var hints = new NpgsqlCommand(BitmapOnly, connection, tx))
        {
            await hints.ExecuteNonQueryAsync(ct);
        }

        var tsquery = ToTsQuery(query);
        var window = Math.Max(SqliteSearchIndex.RankWindow, (skip + take) * 10);
        int total;
        bool atLeast;
        List<int> newest;
        if (query.Phrases.Count > 0)
        {
            // GIN cannot answer a phrase (positions are in the document): as on SQLite, the phrase is looked for among
            // the newest PhraseWindow articles holding all its words, and the count is then «at least».
            var candidates = await scope.NewestAsync(WordsTsQuery(query), SqliteSearchIndex.PhraseWindow + 1, ct);
            atLeast = candidates.Count > SqliteSearchIndex.PhraseWindow;
            var matches = await PhraseMatchesAsync(connection, tsquery, candidates.Take(SqliteSearchIndex.PhraseWindow), query.Terms.Any(t => t.Count > 1), ct);
            total = matches.Count;
            newest = [.. matches.Take(window)];
        }
        else
        {
            // The newest window first: when the whole archive holds fewer matches than it, that is the count.
            newest = await scope.NewestAsync(tsquery, window, ct);
            (total, atLeast) = newest.Count < window ? (newest.Count, false) : await scope.CountAsync(tsquery, newest, ct);
        }

        var hits = newest.Count == 0 ? [] : await RankedPageAsync(connection, tsquery, newest, now, skip, take, ct);
        await tx.CommitAsync(ct);
        return new SearchResults(total, hits, atLeast);
    }

    public async Task<IReadOnlyList<long>> SimilarAsync(NewsDb db, int articleId, IReadOnlyList<string> terms, int serviceId, DateTime now, int take, CancellationToken ct)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var connection = await OpenAsync(db, ct);
        var scope = new Scope(connection, await NewestIdAsync(connection, ct), new SearchFilter(null, null, null), now, articleId);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var hints = new NpgsqlCommand(BitmapOnly, connection, tx))
        {
            await hints.ExecuteNonQueryAsync(ct);
        }

        // Suggestions come from the newest part of the archive: the last 100 matches, ranked; the same service preferred.
        var tsquery = string.Join(" | ", terms.Select(Quote));
        var newest = await scope.NewestAsync(tsquery, 100, ct);
        var codes = new List<long>(take);
        await using (var command = new NpgsqlCommand(ByKey + $"""
            SELECT a."Code" FROM unnest(@ids) AS n(id) JOIN "ArticleSearch" d ON d."ArticleId" = n.id JOIN "Articles" a ON a."Id" = n.id
            ORDER BY ts_rank({Weights}, {RankedColumn}, CAST(@query AS tsquery)) * (CASE WHEN d."ServiceId" = @service THEN 1.5 ELSE 1.0 END)
                * (1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM (@now - d."PublishedAt")) / 86400.0 / 30.0)) DESC, n.id DESC
            LIMIT @take
            """, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. newest]));
            command.Parameters.AddWithValue("query", tsquery);
            command.Parameters.AddWithValue("service", serviceId);
            command.Parameters.AddWithValue("now", now);
            command.Parameters.AddWithValue("take", take);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                codes.Add(reader.GetInt64(0));
            }
        }

        await tx.CommitAsync(ct);
        return codes;
    }

    /// <summary>The query's words and its phrases' words, all required (and its exclusions): what GIN answers exactly.</summary>
    internal static string WordsTsQuery(SearchQuery query) => string.Join(" & ",
        query.Terms.Select(Alternatives)
            .Concat(query.Phrases.SelectMany(p => p).Distinct(StringComparer.Ordinal).Select(Quote))
            .Concat(query.Excluded.Select(e => "!" + Quote(e))));

    /// <summary>The id of the newest indexed article (read before the bitmap-only settings: it is one index step).</summary>
    private static async Task<int> NewestIdAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(\"ArticleId\"), 0) FROM \"ArticleSearch\"", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Of the candidates (newest first), those whose document holds the phrase: each document read once — the words
    /// alone, or the whole document when another query word may be matched by a join (<paramref name="joins"/>).
    /// </summary>
    private static async Task<List<int>> PhraseMatchesAsync(NpgsqlConnection connection, string tsquery, IEnumerable<int> candidates, bool joins, CancellationToken ct)
    {
        // OFFSET 0 keeps the test on the row fetched by its key (the planner would otherwise recheck every match of the index).
        await using var command = new NpgsqlCommand(ByKey + $"""
            SELECT c.id FROM unnest(@ids) AS c(id)
            CROSS JOIN LATERAL (SELECT {(joins ? "d.\"Document\"" : RankedColumn)} AS doc FROM "ArticleSearch" d WHERE d."ArticleId" = c.id OFFSET 0) x
            WHERE x.doc @@ CAST(@query AS tsquery) ORDER BY c.id DESC
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. candidates]));
        command.Parameters.AddWithValue("query", tsquery);
        return await ReadIdsAsync(command, ct);
    }

    /// <summary>The page of hits: ts_rank over the newest matches, boosted for recency (up to twice as strong), in order.</summary>
    private static async Task<List<SearchHit>> RankedPageAsync(NpgsqlConnection connection, string tsquery, List<int> newest, DateTime now, int skip, int take, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ByKey + $"""
            WITH ranked AS (
                SELECT n.id, d."PublishedAt" AS at, ts_rank({Weights}, {RankedColumn}, CAST(@query AS tsquery))
                    * (1.0 + 1.0 / (1.0 + EXTRACT(EPOCH FROM (@now - d."PublishedAt")) / 86400.0 / 30.0)) AS score
                FROM unnest(@ids) AS n(id) JOIN "ArticleSearch" d ON d."ArticleId" = n.id
                ORDER BY score DESC, at DESC LIMIT @take OFFSET @skip)
            SELECT a."Code", a."Slug", a."Title", a."Lead", a."BodyHtml", a."PublishedAt", s."Name", s."Slug"
            FROM ranked JOIN "Articles" a ON a."Id" = ranked.id JOIN "Services" s ON s."Id" = a."ServiceId"
            ORDER BY ranked.score DESC, ranked.at DESC
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<int[]>("ids", [.. newest]));
        command.Parameters.AddWithValue("query", tsquery);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("take", take);
        command.Parameters.AddWithValue("skip", skip);
        var hits = new List<SearchHit>(take);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(new SearchHit(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                SqliteSearchIndex.PlainText(reader.GetString(4)), DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc),
                reader.GetString(6), reader.GetString(7)));
        }

        return hits;
    }

    private static async Task<List<int>> ReadIdsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static async Task<NpgsqlConnection> OpenAsync(NewsDb db, CancellationToken ct)
    {
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    /// <summary>What one search asks of the index: the reader's filters, the newest bucket, an article left out.</summary>
    private sealed class Scope(NpgsqlConnection connection, int newestId, SearchFilter filter, DateTime now, int? except = null)
    {
        private readonly int newestBucket = newestId / BucketSize;

        /// <summary>
        /// How many articles match, counted up to the cap: among the newest buckets first when the density of the newest
        /// window (<paramref name="newest"/>, newest first) says the cap is likely reached there, then all.
        /// </summary>
        public async Task<(int Total, bool AtLeast)> CountAsync(string tsquery, List<int> newest, CancellationToken ct)
        {
            // The buckets that hold the cap at the window's density, a quarter to spare, plus the newest (partly filled)
            // one. A fixed ten was one short for a word in every article: 9,889 < 10,000, and the whole archive after it.
            var density = newest.Count / (double)Math.Max(1, newestId - newest[^1] + 1);
            var needed = (int)Math.Ceiling(SqliteSearchIndex.CountCap * 1.25 / (density * BucketSize)) + 1;
            var spans = needed <= MaxCountSpan && needed < newestBucket ? new[] { needed, 0 } : [0];
            foreach (var span in spans)
            {
                await using var command = Command($"SELECT count(*) FROM (SELECT 1 FROM \"ArticleSearch\" d WHERE {Where} LIMIT @cap) AS m", tsquery, span);
                command.Parameters.AddWithValue("cap", SqliteSearchIndex.CountCap);
                var count = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                if (count >= SqliteSearchIndex.CountCap || span == 0)
                {
                    return (count, count >= SqliteSearchIndex.CountCap);
                }
            }

            return (0, false);
        }

        /// <summary>The ids of the newest <paramref name="limit"/> matches, newest first, looked for over wider spans until found.</summary>
        public async Task<List<int>> NewestAsync(string tsquery, int limit, CancellationToken ct)
        {
            foreach (var span in WindowSpans)
            {
                if (span > newestBucket)
                {
                    continue; // the span holds every bucket: the whole archive answers below
                }

                await using var command = Command($"SELECT d.\"ArticleId\" FROM \"ArticleSearch\" d WHERE {Where} ORDER BY d.\"ArticleId\" DESC LIMIT @limit", tsquery, span);
                command.Parameters.AddWithValue("limit", limit);
                var ids = await ReadIdsAsync(command, ct);
                if (ids.Count == limit || span == 0)
                {
                    return ids;
                }
            }

            return [];
        }

        private string Where
        {
            get
            {
                var conditions = "d.\"Document\" @@ CAST(@query AS tsquery) AND d.\"PublishedAt\" <= @now";
                conditions += filter.ServiceSlug is null ? "" : " AND d.\"ServiceId\" = (SELECT \"Id\" FROM \"Services\" WHERE \"Slug\" = @service_slug)";
                conditions += filter.FromUtc is null ? "" : " AND d.\"PublishedAt\" >= @from";
                conditions += filter.ToUtc is null ? "" : " AND d.\"PublishedAt\" < @to";
                return conditions + (except is null ? "" : " AND d.\"ArticleId\" <> @except");
            }
        }

        /// <summary>A query over the matches of <paramref name="tsquery"/>, within the newest <paramref name="span"/> buckets (0: all).</summary>
        private NpgsqlCommand Command(string sql, string tsquery, int span)
        {
            var command = new NpgsqlCommand(sql, connection);
            var buckets = Enumerable.Range(0, span).Select(i => Quote(BucketLexeme(newestBucket - i)));
            command.Parameters.AddWithValue("query", span == 0 ? tsquery : $"({tsquery}) & ({string.Join(" | ", buckets)})");
            command.Parameters.AddWithValue("now", now);
            AddIf(command, "service_slug", filter.ServiceSlug);
            AddIf(command, "from", filter.FromUtc);
            AddIf(command, "to", filter.ToUtc);
            AddIf(command, "except", except);
            return command;
        }

        private static void AddIf(NpgsqlCommand command, string name, object? value)
        {
            if (value is not null)
            {
                command.Parameters.AddWithValue(name, value);
            }
        }
    }
}
