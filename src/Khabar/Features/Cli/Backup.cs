using System.Diagnostics;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Khabar.Features.Cli;

/// <summary>
/// `khabar backup FILE` while the site runs: on SQLite <c>VACUUM INTO</c> (one consistent snapshot, a database file
/// you can start the site on); on PostgreSQL <c>pg_dump -Fc</c> (one snapshot too; restore with <c>pg_restore</c>).
/// </summary>
internal static class Backup
{
    public static async Task<int> WriteAsync(WebApplication app, string file)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"{target}: already exists");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        if (db.Database.IsNpgsql())
        {
            return await PgDumpAsync(db.Database.GetConnectionString()!, target);
        }

        // VACUUM INTO reads one snapshot, so the copy is consistent while the site keeps writing.
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {target}");
        Console.WriteLine($"backup written to {target}");
        return 0;
    }

    /// <summary>pg_dump in the custom format, the password passed in its environment (never on a command line).</summary>
    private static async Task<int> PgDumpAsync(string connectionString, string target)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump") { RedirectStandardError = true };
        foreach (var argument in new[] { "--format=custom", "--no-owner", "--file", target })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGPASSWORD"] = connection.Password;
        start.Environment["PGDATABASE"] = connection.Database;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump could not be started");
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"pg_dump failed ({process.ExitCode}): {errors.Trim()}");
            File.Delete(target);
            return 1;
        }

        Console.WriteLine($"backup written to {target} (pg_dump custom format: restore with pg_restore)");
        return 0;
    }
}
