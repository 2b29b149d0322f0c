using System.Data.Common;
using System.Globalization;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Search;

/// <summary>The search itself: count and ranked page over FTS5, with the windows that keep a broad query fast.</summary>
public sealed partial class SqliteSearchIndex
{
    /// <summary>
    /// One page of results, in steps: the words' frequencies (a word no article has ends it), a phrase evaluated once
    /// when it can be, the count (capped), the ranked page among the newest window of matches.
    /// </summary>
    public async Task<SearchResults> SearchAsync(NewsDb db, SearchQuery query, SearchFilter filter, DateTime now, int skip, int take, CancellationToken ct)
    {
        if (query.IsEmpty)
        {
            return new SearchResults(0, []);
        }

        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        // FTS5 ranks every match by BM25 in C and keeps the best; only those candidates meet the articles
        // table for filters, the recency boost and paging. Counting needs no join when nothing filters.
        // CROSS JOIN fixes the join order (SQLite's hint): the planner would otherwise scan all articles.
        var filtered = filter.ServiceSlug is not null || filter.FromUtc is not null || filter.ToUtc is not null;
        var conditions = Conditions(filter);

        // How many articles hold each word, counted only as far as the query needs: a word no article has ends
        // the search at once, a single word's count is the total, a phrase of frequent words is windowed.
        // A word's joins with its neighbours («پیش بینی» → «پیشبینی») count too; a join no article holds is dropped here,
        // so the match expression of an ordinary query is what it was without them.
        var required = query.Words.Concat(query.Phrases.SelectMany(p => p)).Distinct().ToList();
        var singleWord = !filtered && query.Terms is [[_]] && query.Phrases.Count == 0 && query.Excluded.Count == 0;
        var phraseOnce = !filtered && query.Phrases.Count > 0 && skip + take <= RankWindow;
        var frequencies = await FrequenciesAsync(
            connection, [.. required.Concat(query.Terms.SelectMany(t => t.Skip(1))).Distinct()], singleWord ? CountCap : phraseOnce ? PhraseWindow + 1 : 1, ct);
        var terms = query.Terms.Select(t => (IReadOnlyList<string>)[.. t.Where(a => frequencies.GetValueOrDefault(a) > 0)]).ToList();
        if (terms.Any(t => t.Count == 0) || query.Phrases.SelectMany(p => p).Any(w => frequencies.GetValueOrDefault(w) == 0))
        {
            return new SearchResults(0, []);
        }

        query = query with { Joins = terms };

        if (phraseOnce)
        {
            // A phrase costs most to evaluate (position lists): evaluate it once, take the count from the
            // ranked candidates, and count separately only when there are more than fit in the window.
            // A phrase of frequent words is looked for among the newest articles holding all its words.
            var phraseFloor = 0L;
            if (required.Min(w => frequencies[w]) > PhraseWindow)
            {
                phraseFloor = await RowidFloorAsync(connection, string.Join(" AND ", required.Select(w => "\"" + w + "\"")), PhraseWindow, ct);
            }

            var once = await PhraseOnceAsync(connection, query, now, skip, take, phraseFloor, ct);
            if (once is not null)
            {
                return once;
            }
        }

        var (total, atLeast) = await CountAsync(connection, query, filter, now, singleWord ? frequencies[query.Terms[0][0]] : null, conditions, ct);
        if (total == 0)
        {
            return new SearchResults(0, []);
        }

        var hits = await RankedPageAsync(connection, query, filter, now, skip, take, total, conditions, ct);
        return new SearchResults(total, hits, atLeast);
    }

    /// <summary>How many published articles match (capped at <see cref="CountCap"/>: «بیش از …»), less those not yet due.</summary>
    private static async Task<(int Total, bool AtLeast)> CountAsync(
        DbConnection connection, SearchQuery query, SearchFilter filter, DateTime now, int? singleWordCount, string conditions, CancellationToken ct)
    {
        var filtered = filter.ServiceSlug is not null || filter.FromUtc is not null || filter.ToUtc is not null;
        int total;
        bool atLeast;
        if (singleWordCount is { } known)
        {
            total = known;
            atLeast = total >= CountCap;
        }
        else
        {
            // Counting stops at CountCap: past that, readers are told «بیش از …» and nobody pages that far.
            var countSql = filtered
                ? $"SELECT COUNT(*) FROM (SELECT 1 FROM ArticleSearch CROSS JOIN Articles AS a INDEXED BY IX_Articles_Search ON a.Id = ArticleSearch.rowid CROSS JOIN Services s ON s.Id = a.ServiceId WHERE ArticleSearch MATCH $match AND {conditions} LIMIT $cap)"
                : "SELECT COUNT(*) FROM (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $match ORDER BY rowid DESC LIMIT $cap)";
            await using var count = Command(connection, countSql, query, filter, now);
            Add(count, "$cap", CountCap);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            atLeast = total >= CountCap;
        }

        if (!filtered && total > 0)
        {
            // An article imported with a future date is indexed already; the few not yet due leave the count.
            await using var anyFuture = Command(connection, "SELECT EXISTS(SELECT 1 FROM Articles WHERE Status = 3 AND PublishedAt > $now)", query, filter, now);
            if (Convert.ToInt64(await anyFuture.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 1)
            {
                await using var future = Command(connection,
                    "SELECT COUNT(*) FROM ArticleSearch WHERE ArticleSearch MATCH $match AND rowid IN (SELECT Id FROM Articles WHERE Status = 3 AND PublishedAt > $now)",
                    query, filter, now);
                total -= Convert.ToInt32(await future.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            }
        }

        return (total, atLeast);
    }

    /// <summary>The page of hits: BM25 over the candidates, boosted for recency, filtered, in order.</summary>
    private static async Task<List<SearchHit>> RankedPageAsync(
        DbConnection connection, SearchQuery query, SearchFilter filter, DateTime now, int skip, int take, int total, string conditions, CancellationToken ct)
    {
        var filtered = filter.ServiceSlug is not null || filter.FromUtc is not null || filter.ToUtc is not null;
        var candidates = Math.Max(200, (skip + take) * 3);
        // BM25 is negative (lower is better); a recent article's score is scaled up to twice as strong.
        // A very common query would have BM25 computed for every match: rank only the newest window of them
        // (rowids grow with publication), which is also what a news reader wants from a broad query.
        var window = Math.Max(RankWindow, (skip + take) * 10);
        var floor = 0L;
        if (total > window)
        {
            floor = await RowidFloorAsync(connection, query.ToMatch(), window, ct);
        }

        var candidateSql = filtered
            ? $"SELECT ArticleSearch.rowid AS id, {Bm25} AS rank FROM ArticleSearch CROSS JOIN Articles AS a INDEXED BY IX_Articles_Search ON a.Id = ArticleSearch.rowid CROSS JOIN Services s ON s.Id = a.ServiceId WHERE ArticleSearch MATCH $match AND ArticleSearch.rowid > $floor AND {conditions} ORDER BY 2 LIMIT $candidates"
            : $"SELECT rowid AS id, {Bm25} AS rank FROM ArticleSearch WHERE ArticleSearch MATCH $match AND rowid > $floor ORDER BY 2 LIMIT $candidates";
        // Ranking reads only the covering index; bodies are read for the page alone.
        var sql = $"""
            WITH top AS ({candidateSql}),
            ranked AS (
                SELECT a.Id AS id, a.PublishedAt AS at,
                    top.rank * (1.0 + 1.0 / (1.0 + (julianday($now) - julianday(a.PublishedAt)) / 30.0)) AS score
                FROM top CROSS JOIN Articles AS a INDEXED BY IX_Articles_Search ON a.Id = top.id CROSS JOIN Services s ON s.Id = a.ServiceId
                WHERE {conditions}
                ORDER BY score, at DESC
                LIMIT $take OFFSET $skip)
            SELECT a.Code, a.Slug, a.Title, a.Lead, a.BodyHtml, a.PublishedAt, s.Name, s.Slug
            FROM ranked CROSS JOIN Articles a ON a.Id = ranked.id CROSS JOIN Services s ON s.Id = a.ServiceId
            ORDER BY ranked.score, ranked.at DESC
            """;
        await using var select = Command(connection, sql, query, filter, now);
        Add(select, "$candidates", candidates);
        Add(select, "$floor", floor);
        Add(select, "$take", take);
        Add(select, "$skip", skip);
        var hits = new List<SearchHit>(take);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hits.Add(ReadHit(reader, 0));
        }

        return hits;
    }

    private static string Conditions(SearchFilter filter)
    {
        var conditions = "a.Status = 3 AND a.PublishedAt <= $now";
        if (filter.ServiceSlug is not null)
        {
            conditions += " AND s.Slug = $service";
        }

        if (filter.FromUtc is not null)
        {
            conditions += " AND a.PublishedAt >= $from";
        }

        if (filter.ToUtc is not null)
        {
            conditions += " AND a.PublishedAt < $to";
        }

        return conditions;
    }

    private static async Task<SearchResults?> PhraseOnceAsync(DbConnection connection, SearchQuery query, DateTime now, int skip, int take, long floor, CancellationToken ct)
    {
        var sql = $"""
            WITH top AS MATERIALIZED (SELECT rowid AS id, {Bm25} AS rank FROM ArticleSearch WHERE ArticleSearch MATCH $match AND rowid > $floor ORDER BY 2 LIMIT $window),
            ranked AS (
                SELECT a.Id AS id, a.PublishedAt AS at,
                    top.rank * (1.0 + 1.0 / (1.0 + (julianday($now) - julianday(a.PublishedAt)) / 30.0)) AS score
                FROM top CROSS JOIN Articles AS a INDEXED BY IX_Articles_Search ON a.Id = top.id
                WHERE a.Status = 3 AND a.PublishedAt <= $now
                ORDER BY score, at DESC)
            SELECT (SELECT COUNT(*) FROM top), (SELECT COUNT(*) FROM ranked),
                a.Code, a.Slug, a.Title, a.Lead, a.BodyHtml, a.PublishedAt, s.Name, s.Slug
            FROM (SELECT * FROM ranked LIMIT $take OFFSET $skip) AS page
            CROSS JOIN Articles a ON a.Id = page.id CROSS JOIN Services s ON s.Id = a.ServiceId
            ORDER BY page.score, page.at DESC
            """;
        await using var command = Command(connection, sql, query, new SearchFilter(null, null, null), now);
        Add(command, "$window", RankWindow);
        Add(command, "$floor", floor);
        Add(command, "$take", take);
        Add(command, "$skip", skip);
        var hits = new List<SearchHit>(take);
        long inWindow = -1, visible = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                inWindow = reader.GetInt64(0);
                visible = reader.GetInt64(1);
                hits.Add(ReadHit(reader, 2));
            }
        }

        // No row (page past the end) or a full window: the general plan answers with an exact count.
        return inWindow is >= 0 and < RankWindow ? new SearchResults((int)visible, hits, AtLeast: floor > 0) : null;
    }

    /// <summary>Columns Code, Slug, Title, Lead, BodyHtml, PublishedAt, service name and slug, from <paramref name="first"/> on.</summary>
    private static SearchHit ReadHit(DbDataReader r, int first) => new(
        r.GetInt64(first), r.GetString(first + 1), r.GetString(first + 2), r.GetString(first + 3), PlainText(r.GetString(first + 4)),
        DateTime.SpecifyKind(DateTime.Parse(r.GetString(first + 5), CultureInfo.InvariantCulture), DateTimeKind.Utc),
        r.GetString(first + 6), r.GetString(first + 7));

    /// <summary>The rowid below the newest <paramref name="window"/> matches (0 when there are fewer): a cheap walk of the doclist.</summary>
    private static async Task<long> RowidFloorAsync(DbConnection connection, string match, int window, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $match ORDER BY rowid DESC LIMIT 1 OFFSET $window";
        Add(command, "$match", match);
        Add(command, "$window", window);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct) ?? 0L, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How many articles hold each term, counted up to <paramref name="cap"/> along its doclist from the newest.
    /// (The vocabulary table's exact count read the whole doclist — 4–5 ms for each common word, more than the
    /// rest of a two-word search once ranking was halved.)
    /// </summary>
    private static async Task<Dictionary<string, int>> FrequenciesAsync(DbConnection connection, IReadOnlyList<string> terms, int cap, CancellationToken ct)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH $term ORDER BY rowid DESC LIMIT $cap)";
        var p = command.CreateParameter();
        p.ParameterName = "$term";
        command.Parameters.Add(p);
        Add(command, "$cap", cap);
        foreach (var term in terms)
        {
            p.Value = "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            result[term] = Convert.ToInt32(await command.ExecuteScalarAsync(ct) ?? 0, CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static DbCommand Command(DbConnection connection, string sql, SearchQuery query, SearchFilter filter, DateTime now)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "$match", query.ToMatch());
        Add(command, "$now", Database.SqliteTime(now));
        if (filter.ServiceSlug is not null)
        {
            Add(command, "$service", filter.ServiceSlug);
        }

        if (filter.FromUtc is { } from)
        {
            Add(command, "$from", Database.SqliteTime(from));
        }

        if (filter.ToUtc is { } to)
        {
            Add(command, "$to", Database.SqliteTime(to));
        }

        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
