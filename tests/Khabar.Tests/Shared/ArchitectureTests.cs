using System.Text.RegularExpressions;
using Khabar.Features.Caching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Shared;

/// <summary>
/// The house rules that keep the code easy to change (docs/architecture.md): rooms of a size one can read, the
/// article page's markup in its partials only, cache tags declared on the endpoints that need them.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] Generated = ["Migrations", "CompiledModels", "obj", "bin", "lib", "node_modules"];

    /// <summary>The hand-written source files of the repository: C#, Razor, JavaScript and CSS of src/ and tests/.</summary>
    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Repo.Root(), folder), "*", SearchOption.AllDirectories))
            .Where(f => Path.GetExtension(f) is ".cs" or ".cshtml" or ".js" or ".css")
            .Where(f => !Path.GetRelativePath(Repo.Root(), f).Split(Path.DirectorySeparatorChar).Any(part => Generated.Contains(part)));

    [Fact]
    public void NoHandWrittenSourceFile_IsLongerThan300Lines_AndKhabarAppIsUnder150()
    {
        var files = SourceFiles().ToList();
        Assert.True(files.Count > 100, $"only {files.Count} source files found under {Repo.Root()}");
        var tooLong = files.Select(f => (File: Path.GetRelativePath(Repo.Root(), f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > 300).Select(f => $"{f.File}: {f.Lines} lines").ToList();
        Assert.Empty(tooLong);
        Assert.True(File.ReadLines(Path.Combine(Repo.Root(), "src", "Khabar", "KhabarApp.cs")).Count() < 150, "KhabarApp.cs has 150 lines or more");
    }

    [Fact]
    public void TheArticlePagesMarkup_IsInItsPartials_NotInCSharp()
    {
        // Markup of the article page's own wrappers and blocks: a C# file that writes one of them repeats a partial.
        string[] markup = ["layout-with-aside", "<article class", "<aside class", "comment-form-block", "suggested-title", "latest-title"];
        var inCSharp = SourceFiles()
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) && f.Contains($"{Path.DirectorySeparatorChar}src{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => markup.Where(m => File.ReadAllText(f).Contains(m, StringComparison.Ordinal)).Select(m => $"{Path.GetFileName(f)}: {m}"))
            .ToList();
        Assert.Empty(inCSharp);
        var partials = Directory.EnumerateFiles(Path.Combine(Repo.Root(), "src", "Khabar", "Features", "Articles"), "*.cshtml")
            .Where(f => File.ReadAllText(f).Contains("layout-with-aside", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();
        Assert.Equal(["_ArticleMain.cshtml"], partials); // the one place the article page's columns open
    }

    [Fact]
    public async Task EveryCachedEndpoint_OfOneArticle_DeclaresTheArticlesTag()
    {
        // An approved comment evicts "article:{code}": every cached endpoint whose route names an article must carry it,
        // or it would show the old comments until it expired. Declared on the endpoint, never guessed from its URL.
        await using var factory = new KhabarFactory();
        _ = factory.Client();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: (e.RoutePattern.RawText ?? "").Trim('/'), Cache: e.Metadata.GetMetadata<PublicCacheAttribute>()))
            .Where(e => e.Cache is not null)
            .ToList();
        Assert.Contains(endpoints, e => e.Route == "news/{code:long}/{slug?}");
        var articleRoutes = endpoints.Where(e => Regex.IsMatch(e.Route, @"\{code\b")).ToList();
        Assert.True(articleRoutes.Count >= 4, string.Join(", ", articleRoutes.Select(e => e.Route))); // page, print, API article, API comments
        Assert.All(articleRoutes, e => Assert.Contains(CacheTags.ArticleOfRoute, e.Cache!.Tags));
        Assert.Contains(endpoints, e => e.Route.Length == 0 && e.Cache!.Tags.Contains(CacheTags.Home));
    }
}
