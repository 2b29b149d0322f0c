using System.Globalization;
using Khabar.Features.Import;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar;

/// <summary>Command-line verbs of the same executable: `dotnet Khabar.dll &lt;verb&gt; …`.</summary>
public static class Cli
{
    private const string Usage = """
        usage: khabar [verb] [options]
          serve                 run the site (default); takes --urls, --contentRoot and any Khabar:* setting
          import FILE.jsonl     import articles and comments (all lines validated first; all or nothing)
          backup FILE           write a consistent copy of the database while the site runs
        """;

    /// <summary>The verb (serve when none is given) and the arguments that follow it.</summary>
    public static (string Verb, string[] Arguments) Split(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') ? (args[0], args[1..]) : ("serve", args);

    public static async Task<int> RunAsync(WebApplication app, string verb, string[] args)
    {
        var positional = args.Where((a, i) => !a.StartsWith('-') && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToArray();
        try
        {
            switch (verb)
            {
                case "import" when positional.Length == 1:
                    await Database.MigrateAsync(app.Services);
                    return await ImportAsync(app, positional[0]);
                case "backup" when positional.Length == 1:
                    await Database.MigrateAsync(app.Services);
                    return await BackupAsync(app, positional[0]);
                case "help" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
    }

    private static async Task<int> ImportAsync(WebApplication app, string file)
    {
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"{file}: file not found");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
        var report = await importer.ImportFileAsync(file, CancellationToken.None);
        foreach (var error in report.Errors)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}:{error.Line}: {error.Message}"));
        }

        if (report.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{report.Errors.Count} bad line(s): nothing imported"));
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"imported {report.Created} new and {report.Updated} updated article(s), {report.Comments} comment(s)"));
        return 0;
    }

    private static async Task<int> BackupAsync(WebApplication app, string file)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target))
        {
            await Console.Error.WriteLineAsync($"{target}: already exists");
            return 1;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        // VACUUM INTO reads one snapshot, so the copy is consistent while the site keeps writing.
        await db.Database.ExecuteSqlAsync($"VACUUM INTO {target}");
        Console.WriteLine($"backup written to {target}");
        return 0;
    }
}
