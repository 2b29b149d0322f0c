using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Khabar.Storage;

/// <summary>The embedded default: one SQLite file in WAL mode. Owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqliteNewsDb(DbContextOptions<SqliteNewsDb> options) : NewsDb(options);

/// <summary>Lets `dotnet ef migrations add` build the SQLite context without starting the app.</summary>
public sealed class SqliteNewsDbDesignFactory : IDesignTimeDbContextFactory<SqliteNewsDb>
{
    public SqliteNewsDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteNewsDb>().UseSqlite("Data Source=design.db").Options);
}
