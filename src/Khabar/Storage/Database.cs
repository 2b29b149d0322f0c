using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Khabar.Storage;

/// <summary>Registers the configured provider and brings the schema up to date at start-up.</summary>
public static class Database
{
    public const string DefaultConnection = "Data Source=data/khabar.db";

    /// <summary>The configured provider: <c>Khabar:Database:Provider</c> = <c>Sqlite</c> (default) or <c>Postgres</c>.</summary>
    public static bool IsPostgres(IConfiguration configuration)
    {
        var provider = configuration["Khabar:Database:Provider"] ?? "Sqlite";
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new InvalidOperationException($"Khabar:Database:Provider is '{provider}'; use 'Sqlite' or 'Postgres'.");
    }

    public static IServiceCollection AddNewsDb(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        // Pooled contexts: a reader page costs no per-request context set-up (model lookup, service resolution).
        // The compiled models (Storage/CompiledModels, `dotnet ef dbcontext optimize`) spare building the model at start.
        if (IsPostgres(configuration))
        {
            var connection = configuration.GetConnectionString("Khabar") is { Length: > 0 } configured && !configured.Contains("Data Source", StringComparison.OrdinalIgnoreCase)
                ? configured
                : throw new InvalidOperationException("Khabar:Database:Provider is Postgres: ConnectionStrings:Khabar must be an Npgsql connection string (Host=…;Database=…;Username=…;Password=…).");
            services.AddDbContextPool<NewsDb, PostgresNewsDb>(o => o
                .UseModel(CompiledModels.Postgres.PostgresNewsDbModel.Instance)
                .UseNpgsql(connection));
            return services;
        }

        var file = SqliteConnectionString(configuration.GetConnectionString("Khabar") ?? DefaultConnection, contentRoot);
        services.AddDbContextPool<NewsDb, SqliteNewsDb>(o => o
            .UseModel(CompiledModels.SqliteNewsDbModel.Instance)
            .UseSqlite(file)
            .AddInterceptors(SqlitePragmas.Instance));
        return services;
    }

    /// <summary>
    /// Uploaded media: <c>Khabar:Media:Path</c> when set (relative to the content root), else <c>media/</c> beside the
    /// SQLite file or <c>data/media</c> under the content root for PostgreSQL.
    /// </summary>
    public static string MediaDirectory(IConfiguration configuration, string contentRoot) =>
        configuration["Khabar:Media:Path"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, contentRoot)
            : Path.Combine(DataDirectory(configuration, contentRoot), "media");

    /// <summary>A UTC instant in the text form EF Core's SQLite provider stores DateTime in, for raw SQL that compares with it.</summary>
    public static string SqliteTime(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The site's own files (media by default, the key-ring secret): the folder of the SQLite file, a temporary folder
    /// for in-memory databases, or <c>data/</c> under the content root on PostgreSQL.
    /// </summary>
    public static string DataDirectory(IConfiguration configuration, string contentRoot)
    {
        if (IsPostgres(configuration))
        {
            return Path.Combine(contentRoot, "data");
        }

        var builder = new SqliteConnectionStringBuilder(SqliteConnectionString(configuration.GetConnectionString("Khabar") ?? DefaultConnection, contentRoot));
        return builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory
            ? Path.GetDirectoryName(file)!
            : Path.Combine(Path.GetTempPath(), "khabar-memory");
    }

    /// <summary>Resolves a relative SQLite file against the content root and makes its folder.</summary>
    public static string SqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(file, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            builder.DataSource = full;
        }

        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    /// <summary>Applies pending migrations and switches the file to WAL (a persistent setting of the file).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        // Up to date (every start but the first after an upgrade): skip EF's migrator, which builds and
        // compares the whole model first — most of a cold start.
        var applied = await ReadColumnAsync(db, "SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", ct);
        if (db.Database.GetMigrations().All(applied.Contains))
        {
            return;
        }

        if (db.Database.IsNpgsql())
        {
            // EF's migrator first reads the history table and logs a «fail» when a new database has none yet
            // (npgsql/efcore.pg#3407): an operator's first start would show an error that is none. Made here first.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        }

        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// Refreshes SQLite's planner statistics (<c>PRAGMA optimize</c>: ANALYZE, with a row limit, of the tables whose
    /// statistics are missing or stale). Without them the planner guessed, for example, that «published before now»
    /// narrows the articles more than «code in these five», and read the (Status, PublishedAt) index across
    /// 100,000 articles for «اخبار پیشنهادی»: 140–260 ms per article instead of five look-ups.
    /// </summary>
    public static async Task OptimizeAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        if (db.Database.IsSqlite())
        {
            // 0x10002: analyze every table that needs it, not only the ones this connection has used.
            await db.Database.ExecuteSqlRawAsync("PRAGMA optimize=0x10002;", ct);
        }
        else
        {
            // PostgreSQL's autovacuum analyzes in time on a running site; after a bulk load the planner needs it now.
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
        }
    }

    /// <summary>
    /// Runs start-up's one-time work (migrations, roles, demo content) once however many processes start together on
    /// one database: on PostgreSQL under a session advisory lock, so the others wait and then find it done; SQLite's
    /// single writer serializes them already.
    /// </summary>
    public static async Task OnceAsync(IServiceProvider services, Func<Task> work, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        if (!db.Database.IsNpgsql())
        {
            await work();
            return;
        }

        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLock})", ct);
        try
        {
            await work();
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLock})", CancellationToken.None);
        }
    }

    /// <summary>Khabar's advisory lock key for start-up work ("khab" in ASCII).</summary>
    private const long StartupLock = 0x6B686162;

    /// <summary>The first column of a query's rows; empty when the table does not exist yet.</summary>
    public static async Task<HashSet<string>> ReadColumnAsync(NewsDb db, string sql, CancellationToken ct)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                values.Add(reader.GetString(0));
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // SQLITE_ERROR: no such table — a new database.
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            // A new database.
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return values;
    }
}
