using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Khabar.Storage;

/// <summary>
/// Per-connection SQLite settings, applied once per native connection (the pool hands the same one out
/// again and again; running the pragmas on every open would add a statement to every query).
/// <list type="bullet">
/// <item>journal_mode=WAL (set once on the file by <see cref="Database.MigrateAsync"/>): readers never wait for the writer.</item>
/// <item>synchronous=FULL: a commit is fsynced before the response that acknowledges it, so a 202 survives a power
/// cut, not only a crash. Comments are group-committed (<c>CommentWriter</c>), so the fsync is paid per batch.</item>
/// <item>cache_size=-8000: 8 MB of page cache per connection; the OS page cache holds the rest of the file.</item>
/// <item>mmap_size=0: memory-mapping a gigabyte-sized file would count towards the process's resident memory
/// (the 300 MB budget) for no measured gain over the OS page cache.</item>
/// <item>journal_size_limit: the WAL file is truncated back to 64 MB after checkpoints instead of staying at its peak.</item>
/// <item>foreign_keys=ON, temp_store=MEMORY, busy_timeout=30 s (a writer waits for another instead of failing).</item>
/// </list>
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas =
        "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA busy_timeout=30000; " +
        "PRAGMA cache_size=-8000; PRAGMA mmap_size=0; PRAGMA journal_size_limit=67108864;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public static SqlitePragmas Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
