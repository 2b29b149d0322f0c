using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Khabar.Features.Search;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Bench;

public sealed record BenchSeedReport(int Articles, int Comments, TimeSpan InsertTime, TimeSpan IndexTime, long DatabaseBytes);

/// <summary>
/// `seed-bench --articles N --comments M`: synthetic Persian news for benchmarks, built from the vocabulary of
/// the demo articles with a fixed seed (the same data every run), written with plain batched inserts, then
/// the search index rebuilt and timed.
/// </summary>
public sealed class BenchSeeder(NewsDb db, ISearchIndex search, TimeProvider clock)
{
    private const int Batch = 2000;

    public async Task<BenchSeedReport> SeedAsync(int articles, int comments, string? databaseFile, CancellationToken ct)
    {
        var vocabulary = Vocabulary();
        var random = new Random(1405);
        var services = await EnsureServicesAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var firstCode = Math.Max(1_000_000, (await db.Articles.MaxAsync(a => (long?)a.Code, ct) ?? 0) + 1);
        var insert = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var articleIds = new List<int>(articles);
        for (var done = 0; done < articles; done += Batch)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT INTO "Articles" ("Code", "Rotitr", "Title", "Lead", "BodyHtml", "Slug", "ServiceId", "Status", "CreatedAt", "PublishedAt", "UpdatedAt", "ViewCount", "AuthorName")
                VALUES (@code, @rotitr, @title, @lead, @body, @slug, @service, 3, @at, @at, @at, @views, '') RETURNING "Id"
                """;
            var p = Parameters(command, "code", "rotitr", "title", "lead", "body", "slug", "service", "at", "views");
            for (var i = done; i < Math.Min(articles, done + Batch); i++)
            {
                var title = Sentence(random, vocabulary, 7, 12);
                p[0].Value = firstCode + i;
                p[1].Value = Sentence(random, vocabulary, 2, 4);
                p[2].Value = title;
                p[3].Value = Sentence(random, vocabulary, 18, 30) + ".";
                p[4].Value = Body(random, vocabulary);
                p[5].Value = Slug.Of(title);
                p[6].Value = services[random.Next(services.Count)];
                p[7].Value = Time(now.AddMinutes(-(articles - i) * 7.0));
                p[8].Value = random.Next(0, 5000);
                articleIds.Add(Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
            }

            await tx.CommitAsync(ct);
        }

        await InsertCommentsAsync(connection, articleIds, comments, random, vocabulary, now, Time, ct);
        insert.Stop();
        var index = Stopwatch.StartNew();
        await search.RebuildAsync(db, ct);
        index.Stop();
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }

        var bytes = databaseFile is not null && File.Exists(databaseFile) ? new FileInfo(databaseFile).Length
            : db.Database.IsNpgsql() ? await db.Database.SqlQueryRaw<long>("SELECT pg_database_size(current_database()) AS \"Value\"").SingleAsync(ct)
            : 0;
        return new BenchSeedReport(articles, comments, insert.Elapsed, index.Elapsed, bytes);
    }

    private static async Task InsertCommentsAsync(
        DbConnection connection, List<int> articleIds, int comments, Random random, string[] vocabulary, DateTime now, Func<DateTime, object> time, CancellationToken ct)
    {
        if (articleIds.Count == 0)
        {
            return;
        }

        string[] names = ["مریم", "علی", "سارا", "رضا", "نگار", "کاوه", "بهاره", "امید"];
        for (var done = 0; done < comments; done += Batch * 5)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = """
                INSERT INTO "Comments" ("ArticleId", "Name", "Email", "Text", "Status", "CountryCode", "Ip", "CreatedAt", "Likes", "Dislikes", "IsStaff", "TextKey")
                VALUES (@article, @name, '', @text, @status, 'IR', '5.160.0.1', @at, 0, 0, FALSE, 0)
                """;
            var p = Parameters(command, "article", "name", "text", "status", "at");
            for (var i = done; i < Math.Min(comments, done + (Batch * 5)); i++)
            {
                p[0].Value = articleIds[random.Next(articleIds.Count)];
                p[1].Value = names[random.Next(names.Length)];
                p[2].Value = Sentence(random, vocabulary, 5, 25) + ".";
                p[3].Value = random.Next(10) switch { < 6 => 1, < 9 => 0, _ => 2 };
                p[4].Value = time(now.AddSeconds(-random.Next(0, 86_400 * 30)));
                await command.ExecuteNonQueryAsync(ct);
            }

            await tx.CommitAsync(ct);
        }
    }

    private async Task<List<int>> EnsureServicesAsync(CancellationToken ct)
    {
        if (!await db.Services.AnyAsync(ct))
        {
            foreach (var name in new[] { "سیاسی", "اقتصادی", "اجتماعی", "بین\u200Cالملل", "ورزشی", "فرهنگی", "علمی", "استان\u200Cها" })
            {
                var slug = Shared.ServiceNames.SlugFor(name)!;
                db.Services.Add(new Service { Slug = slug, Name = Shared.ServiceNames.NameFor(name)!, Color = Shared.ServiceNames.ColorFor(slug), SortOrder = Shared.ServiceNames.OrderFor(slug) });
            }

            await db.SaveChangesAsync(ct);
        }

        return await db.Services.Select(s => s.Id).ToListAsync(ct);
    }

    /// <summary>The words of the demo articles: real Persian vocabulary in its natural frequencies.</summary>
    private static string[] Vocabulary()
    {
        var words = Demo.DemoSeeder.Build(DateTime.UnixEpoch)
            .SelectMany(l => (l.Title + " " + l.Lead + " " + l.Body).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(w => PersianText.Normalize(w.Trim('.', '،', '«', '»', '؛', ':')))
            .Where(w => w.Length > 0)
            .ToArray();
        return words;
    }

    private static string Sentence(Random random, string[] vocabulary, int min, int max)
    {
        var count = random.Next(min, max + 1);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            sb.Append(vocabulary[random.Next(vocabulary.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>Six to nine paragraphs of three to five sentences: about the length of a news story.</summary>
    private static string Body(Random random, string[] vocabulary)
    {
        var sb = new StringBuilder();
        var paragraphs = random.Next(6, 10);
        for (var p = 0; p < paragraphs; p++)
        {
            sb.Append("<p>");
            var sentences = random.Next(3, 6);
            for (var s = 0; s < sentences; s++)
            {
                sb.Append(Sentence(random, vocabulary, 8, 18)).Append(". ");
            }

            sb.Append("</p>");
        }

        return sb.ToString();
    }

    /// <summary>An instant as each provider stores it: EF's text form on SQLite, timestamptz on PostgreSQL.</summary>
    private object Time(DateTime utc) => db.Database.IsSqlite() ? Database.SqliteTime(utc) : DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    private static DbParameter[] Parameters(DbCommand command, params string[] names) =>
        [.. names.Select(name =>
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        })];

}
