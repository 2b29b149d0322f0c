using System.Globalization;
using Khabar.Features.Import;
using Khabar.Features.Newsroom;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Cli;

/// <summary>Command-line verbs of the same executable: `dotnet Khabar.dll &lt;verb&gt; …`.</summary>
public static class Cli
{
    private const string Usage = """
        usage: khabar [verb] [options]
          serve                 run the site (default); takes --urls, --contentRoot and any Khabar:* setting
          import FILE.jsonl     import articles and comments (all lines validated first; all or nothing)
          reindex               rebuild the search index from the articles
          seed-bench --articles N [--comments M]
                                add N synthetic articles and M comments for benchmarks, then rebuild the index
          backup FILE           write a consistent copy of the database while the site runs
          migrate               bring the database's schema up to date (and its roles), then exit: for deployments
                                that migrate before starting the site (a starting site does it too, once, under a lock)
          admin create --email E (--password-stdin | --generate [--if-missing] | --password P) [--role admin|editor|reporter|moderator]
                                create a newsroom account (or reset its password) and give it the role (default admin);
                                --password-stdin reads the password from the first line of standard input and --generate
                                makes one and prints it once (neither puts it on a command line, where ps shows it);
                                --if-missing leaves an existing account as it is
          token create --email E [--name N]
                                make a personal access token for scripts (printed on the last line)
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
                    var imported = await ImportAsync(app, positional[0]);
                    await Database.OptimizeAsync(app.Services); // a bulk load: fresh planner statistics
                    return imported;
                case "backup" when positional.Length == 1:
                    await Database.MigrateAsync(app.Services);
                    return await Backup.WriteAsync(app, positional[0]);
                case "migrate":
                    // For deployments that migrate before they start the nodes: the same one-time work a node does at start.
                    await PrepareAsync(app);
                    Console.WriteLine("database up to date");
                    return 0;
                case "admin" when positional is ["create"]:
                    await PrepareAsync(app);
                    return await AdminCreateAsync(app, Option(args, "--email"), await PasswordAsync(args), args.Contains("--generate"),
                        args.Contains("--if-missing"), Option(args, "--role") ?? Roles.Admin);
                case "token" when positional is ["create"]:
                    await PrepareAsync(app);
                    return await TokenCreateAsync(app, Option(args, "--email"), Option(args, "--name"));
                case "reindex":
                    await PrepareAsync(app);
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
                        var count = await scope.ServiceProvider.GetRequiredService<Features.Search.ISearchIndex>().RebuildAsync(db, CancellationToken.None);
                        Console.WriteLine($"search index rebuilt: {count} article(s)");
                    }

                    await TellRunningSiteAsync(app); // its cached search pages

                    await Database.OptimizeAsync(app.Services);

                    return 0;
                case "seed-bench":
                    await PrepareAsync(app);
                    var seeded = await SeedBenchAsync(app, Option(args, "--articles"), Option(args, "--comments"));
                    await TellRunningSiteAsync(app);
                    await Database.OptimizeAsync(app.Services);
                    return seeded;
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

    /// <summary>Content changed under a site that may be running on the same database: it hears it through the change log.</summary>
    private static Task TellRunningSiteAsync(WebApplication app) =>
        app.Services.GetRequiredService<Features.Shared.ContentChanges>().PublishAsync(Features.Shared.ContentChange.Content);

    private static Task PrepareAsync(WebApplication app) => Features.Shared.StartupSequence.PrepareDatabaseAsync(app.Services, demo: false);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The password of admin create: from standard input (--password-stdin) or, for scripts of old, --password.</summary>
    private static async Task<string?> PasswordAsync(string[] args) =>
        args.Contains("--password-stdin") ? (await Console.In.ReadLineAsync())?.TrimEnd('\r') : Option(args, "--password");

    private static async Task<int> AdminCreateAsync(WebApplication app, string? email, string? password, bool generate, bool ifMissing, string role)
    {
        if (string.IsNullOrWhiteSpace(email) || (string.IsNullOrEmpty(password) && !generate))
        {
            await Console.Error.WriteLineAsync("admin create needs --email and one of --password-stdin, --generate or --password");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        if (ifMissing && await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NewsUser>>().FindByEmailAsync(email.Trim()) is not null)
        {
            Console.WriteLine($"{email} exists; left as it is");
            return 0;
        }

        if (generate)
        {
            // 16 letters and digits from a CSPRNG, and a digit (the password rules ask for one).
            const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
            password = System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, 16) + System.Security.Cryptography.RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture);
        }

        var result = await scope.ServiceProvider.GetRequiredService<NewsroomUsers>().CreateOrUpdateAsync(email, password!, role, null);
        foreach (var error in result.Errors)
        {
            await Console.Error.WriteLineAsync(error);
        }

        if (!result.Succeeded)
        {
            return 1;
        }

        Console.WriteLine($"{(result.Created ? "created" : "updated")} {email} with role {role}; sign in at /newsroom/login");
        if (generate)
        {
            // The only time it is shown: it is kept nowhere but in the account's hash.
            Console.WriteLine($"password: {password}");
        }

        return 0;
    }

    private static async Task<int> TokenCreateAsync(WebApplication app, string? email, string? name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NewsUser>>();
        var user = string.IsNullOrWhiteSpace(email) ? null : await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            await Console.Error.WriteLineAsync($"no newsroom account with email '{email}' (create one with: admin create --email E --password P)");
            return 1;
        }

        var token = await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user, name ?? "cli", CancellationToken.None);
        Console.WriteLine($"token for {user.Email} (use as: Authorization: Bearer <token>; revoke it at /newsroom/tokens):");
        Console.WriteLine(token);
        return 0;
    }

    private static async Task<int> SeedBenchAsync(WebApplication app, string? articles, string? comments)
    {
        if (!int.TryParse(articles, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 10_000_000
            || !int.TryParse(comments ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 100_000_000)
        {
            await Console.Error.WriteLineAsync("seed-bench needs --articles N (1 to 10,000,000) and optionally --comments M");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<NewsDb>().Database;
        var file = database.IsSqlite() ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.GetConnectionString()).DataSource : null;
        var report = await scope.ServiceProvider.GetRequiredService<Features.Bench.BenchSeeder>().SeedAsync(n, m, file, CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {report.Articles} articles and {report.Comments} comments in {report.InsertTime.TotalSeconds:F1} s; search index built in {report.IndexTime.TotalSeconds:F1} s; database {report.DatabaseBytes / 1048576.0:F1} MiB"));
        return 0;
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
}
