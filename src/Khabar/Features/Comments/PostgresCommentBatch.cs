using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Khabar.Features.Comments;

/// <summary>
/// A batch of comments into PostgreSQL in one transaction of three round trips: the advisory lock (so two processes'
/// batches cannot both pass the duplicate check for the same sender's words), the stored repeats and the ids drawn from
/// the table's own sequence, sent together; one multi-row INSERT from arrays (<c>unnest</c>); the commit.
/// </summary>
internal static class PostgresCommentBatch
{
    /// <summary>Khabar's advisory lock key for comment batches ("cmnt").</summary>
    private const long BatchLock = 0x636D6E74;

    public static async Task InsertAsync(NewsDb db, IReadOnlyList<Comment> batch)
    {
        await db.Database.OpenConnectionAsync();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var tx = await connection.BeginTransactionAsync();
        // One round trip before the insert: the lock, the stored repeats (read under it), and an id for every comment
        // of the batch (a repeat's id is left unused: a sequence has gaps anyway).
        var keyed = batch.Where(c => c.TextKey != 0).ToList();
        var stored = new List<Comment>();
        var drawn = new List<long>(batch.Count);
        await using (var first = new NpgsqlBatch(connection, tx))
        {
            first.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({BatchLock})"));
            var repeats = new NpgsqlBatchCommand("""
                SELECT c."ArticleId", c."TextKey", c."Ip", c."Email" FROM "Comments" c
                JOIN unnest($1::integer[], $2::bigint[]) AS k(article, key) ON c."ArticleId" = k.article AND c."TextKey" = k.key
                """);
            repeats.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. keyed.Select(c => c.ArticleId)] });
            repeats.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. keyed.Select(c => c.TextKey)] });
            first.BatchCommands.Add(repeats);
            var ids = new NpgsqlBatchCommand("SELECT nextval(pg_get_serial_sequence('\"Comments\"', 'Id')) FROM generate_series(1, $1)");
            ids.Parameters.Add(new NpgsqlParameter<int> { TypedValue = batch.Count });
            first.BatchCommands.Add(ids);
            await using var reader = await first.ExecuteReaderAsync();
            await reader.NextResultAsync(); // past the lock's row
            while (await reader.ReadAsync())
            {
                stored.Add(new Comment { ArticleId = reader.GetInt32(0), TextKey = reader.GetInt64(1), Ip = reader.GetString(2), Email = reader.GetString(3), Name = "", Text = "" });
            }

            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                drawn.Add(reader.GetInt64(0));
            }
        }

        var keep = WithoutRepeats(batch, stored);
        if (keep.Count > 0)
        {
            for (var i = 0; i < keep.Count; i++)
            {
                keep[i].Id = drawn[i];
            }

            await using var insert = new NpgsqlCommand("""
                INSERT INTO "Comments" ("Id", "ArticleId", "ParentId", "Name", "Email", "Text", "Status", "CountryCode", "Ip", "CreatedAt",
                                        "Likes", "Dislikes", "IsStaff", "ModeratedAt", "ModeratedBy", "RejectionReason", "TextKey")
                SELECT * FROM unnest(@id, @article, @parent, @name, @email, @text, @status, @country, @ip, @at,
                                     @likes, @dislikes, @staff, @moderatedAt, @moderatedBy, @reason, @textKey)
                """, connection, tx);
            var p = insert.Parameters;
            p.Add(new NpgsqlParameter<long[]>("id", [.. keep.Select(c => c.Id)]));
            p.Add(new NpgsqlParameter<int[]>("article", [.. keep.Select(c => c.ArticleId)]));
            p.Add(new NpgsqlParameter<long?[]>("parent", [.. keep.Select(c => c.ParentId)]));
            p.Add(new NpgsqlParameter<string[]>("name", [.. keep.Select(c => c.Name)]));
            p.Add(new NpgsqlParameter<string[]>("email", [.. keep.Select(c => c.Email)]));
            p.Add(new NpgsqlParameter<string[]>("text", [.. keep.Select(c => c.Text)]));
            p.Add(new NpgsqlParameter<int[]>("status", [.. keep.Select(c => (int)c.Status)]));
            p.Add(new NpgsqlParameter<string?[]>("country", [.. keep.Select(c => c.CountryCode)]));
            p.Add(new NpgsqlParameter<string[]>("ip", [.. keep.Select(c => c.Ip)]));
            p.Add(new NpgsqlParameter<DateTime[]>("at", [.. keep.Select(c => DateTime.SpecifyKind(c.CreatedAt, DateTimeKind.Utc))]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            p.Add(new NpgsqlParameter<int[]>("likes", [.. keep.Select(c => c.Likes)]));
            p.Add(new NpgsqlParameter<int[]>("dislikes", [.. keep.Select(c => c.Dislikes)]));
            p.Add(new NpgsqlParameter<bool[]>("staff", [.. keep.Select(c => c.IsStaff)]));
            p.Add(new NpgsqlParameter<DateTime?[]>("moderatedAt", [.. keep.Select(c => c.ModeratedAt is { } m ? DateTime.SpecifyKind(m, DateTimeKind.Utc) : (DateTime?)null)]) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            p.Add(new NpgsqlParameter<string?[]>("moderatedBy", [.. keep.Select(c => c.ModeratedBy)]));
            p.Add(new NpgsqlParameter<string?[]>("reason", [.. keep.Select(c => c.RejectionReason)]));
            p.Add(new NpgsqlParameter<long[]>("textKey", [.. keep.Select(c => c.TextKey)]));
            await insert.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>The batch less each comment that repeats its sender's words on the same article, stored or earlier in the batch.</summary>
    private static List<Comment> WithoutRepeats(IReadOnlyList<Comment> batch, List<Comment> stored)
    {
        var keep = new List<Comment>(batch.Count);
        foreach (var c in batch)
        {
            if (c.TextKey != 0 && (stored.Any(o => CommentWriter.SameSender(o, c)) || keep.Any(o => CommentWriter.SameSender(o, c))))
            {
                continue;
            }

            keep.Add(c);
        }

        return keep;
    }
}
