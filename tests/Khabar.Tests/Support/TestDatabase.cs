using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khabar.Tests;

/// <summary>
/// Which database the suite runs on: SQLite files by default; PostgreSQL when KHABAR_TEST_DB=postgres (scripts/test runs
/// the suite once on each). On PostgreSQL every factory gets a database of its own, copied from a template migrated once
/// per run, and dropped afterwards.
/// </summary>
public static class TestDatabase
{
    private static readonly SemaphoreSlim Creating = new(1, 1);
    private static bool _templateReady;

    public static bool IsPostgres => Environment.GetEnvironmentVariable("KHABAR_TEST_DB") is "postgres";

    /// <summary>The server the PostgreSQL run uses (scripts/setup.sh test makes the role).</summary>
    public static string Server => Environment.GetEnvironmentVariable("KHABAR_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Username=khabar;Password=khabar";

    private const string Template = "khabar_test_template";

    /// <summary>The same server as a libpq URI, for pg_restore and psql.</summary>
    public static string ConnectionUri(string database)
    {
        var b = new NpgsqlConnectionStringBuilder(Server);
        return $"postgresql://{Uri.EscapeDataString(b.Username ?? "")}:{Uri.EscapeDataString(b.Password ?? "")}@{b.Host}:{b.Port}/{database}";
    }

    /// <summary>A database of the test server; idle connections closed soon, so the many short-lived sites of a run stay under the server's limit.</summary>
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = database, MaxPoolSize = 20, ConnectionIdleLifetime = 10, ConnectionPruningInterval = 2 }.ToString();

    /// <summary>A new, migrated, empty database; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string name)
    {
        await Creating.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS {Template} WITH (FORCE)");
                await ExecuteAsync($"CREATE DATABASE {Template} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0");
                var options = new DbContextOptionsBuilder<PostgresNewsDb>().UseNpgsql(ConnectionString(Template)).Options;
                await using (var db = new PostgresNewsDb(options))
                {
                    await db.Database.MigrateAsync();
                }

                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }

            await ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {Template}");
            return ConnectionString(name);
        }
        finally
        {
            Creating.Release();
        }
    }

    /// <summary>A new database with nothing in it (not even the schema): for tests of what a first start does.</summary>
    public static async Task<string> CreateEmptyAsync(string name)
    {
        await ExecuteAsync($"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0");
        return ConnectionString(name);
    }

    /// <summary>The first column of the first row of a query on one database.</summary>
    public static async Task<long> ScalarAsync(string name, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(name));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A two-column query (an id and a text) on one database as a dictionary.</summary>
    public static async Task<Dictionary<long, string>> RowsAsync(string name, string sql)
    {
        var rows = new Dictionary<long, string>();
        await using var connection = new NpgsqlConnection(ConnectionString(name));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)] = reader.GetString(1);
        }

        return rows;
    }

    public static async Task DropAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString(name)))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
