using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Khabar.Features.Comments;

/// <summary>
/// A batch of comments into PostgreSQL in one transaction: one advisory lock (so two processes' batches cannot both
/// pass the duplicate check for the same sender's words), one query for the repeats, one multi-row INSERT from arrays
/// (<c>unnest</c>) with ids drawn from the table's own sequence beforehand, so each comment knows its id.
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
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({BatchLock})", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        var keep = await WithoutRepeatsAsync(connection, tx, batch);
        if (keep.Count > 0)
        {
            await using (var ids = new NpgsqlCommand(
                "SELECT nextval(pg_get_serial_sequence('\"Comments\"', 'Id')) FROM generate_series(1, @n)", connection, tx))
            {
                ids.Parameters.AddWithValue("n", keep.Count);
                await using var reader = await ids.ExecuteReaderAsync();
                var i = 0;
                while (await reader.ReadAsync())
                {
                    keep[i++].Id = reader.GetInt64(0);
                }
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
    private static async Task<List<Comment>> WithoutRepeatsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<Comment> batch)
    {
        var keyed = batch.Where(c => c.TextKey != 0).ToList();
        var stored = new List<Comment>();
        if (keyed.Count > 0)
        {
            await using var query = new NpgsqlCommand("""
                SELECT c."ArticleId", c."TextKey", c."Ip", c."Email" FROM "Comments" c
                JOIN unnest(@article, @textKey) AS k(article, key) ON c."ArticleId" = k.article AND c."TextKey" = k.key
                """, connection, tx);
            query.Parameters.Add(new NpgsqlParameter<int[]>("article", [.. keyed.Select(c => c.ArticleId)]));
            query.Parameters.Add(new NpgsqlParameter<long[]>("textKey", [.. keyed.Select(c => c.TextKey)]));
            await using var reader = await query.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored.Add(new Comment { ArticleId = reader.GetInt32(0), TextKey = reader.GetInt64(1), Ip = reader.GetString(2), Email = reader.GetString(3), Name = "", Text = "" });
            }
        }

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
