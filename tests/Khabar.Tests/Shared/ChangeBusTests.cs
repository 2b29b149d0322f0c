using System.Diagnostics;
using System.Net.Http.Headers;
using Khabar.Features.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Shared;

/// <summary>
/// One way in for every change (<see cref="ContentChanges"/>): what another process does to the database reaches the
/// running site within seconds, and every writer goes through the bus.
/// </summary>
public sealed class ChangeBusTests
{
    [Fact]
    public async Task CliImport_OfArticlesInNewServices_ReachesTheRunningSitesNavigationHomeAndEditor_WithinTwoSeconds()
    {
        await using var site = await KhabarProcess.WithArticleAsync(followTestDatabase: true);
        var created = await site.RunAsync("admin", "create", "--email", "desk@newsroom.test", "--password", "long-enough-9", "--role", "editor");
        Assert.True(created.Exit == 0, created.Err);
        var token = await site.RunAsync("token", "create", "--email", "desk@newsroom.test");
        Assert.True(token.Exit == 0, token.Err);
        await site.StartAsync();
        using var reader = site.Client();
        using var editor = site.Client();
        editor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Out.TrimEnd().Split('\n')[^1].Trim());

        // Pages and lists cached without the new services.
        var home = await reader.GetStringAsync("/");
        Assert.DoesNotContain("/service/sports", home);
        Assert.DoesNotContain("«ورزشی»", await editor.GetStringAsync("/newsroom/articles/edit"));
        Assert.DoesNotContain(">ورزشی<", await editor.GetStringAsync("/newsroom/articles/edit"));

        var file = Path.Combine(site.Folder, "new-services.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            Samples.Article(8001, "قهرمانی تیم نوجوانان در مسابقات کشوری", "ورزشی", "2024-02-01T10:00:00Z"),
            Samples.Article(8002, "نمایشگاه تازهٔ کتاب در شهر", "فرهنگی", "2024-02-02T10:00:00Z"),
        ]);
        var imported = await site.RunAsync("import", file);
        Assert.True(imported.Exit == 0, imported.Err);

        var waited = Stopwatch.StartNew();
        while (true)
        {
            home = await reader.GetStringAsync("/");
            var form = await editor.GetStringAsync("/newsroom/articles/edit");
            if (home.Contains("/service/sports", StringComparison.Ordinal) && home.Contains("قهرمانی تیم نوجوانان", StringComparison.Ordinal)
                && form.Contains(">ورزشی<", StringComparison.Ordinal) && form.Contains(">فرهنگی<", StringComparison.Ordinal))
            {
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(2), $"the running site had not heard the import {waited.Elapsed.TotalSeconds:F1} s after it ended");
            await Task.Delay(100);
        }
    }

    [Fact]
    public void NoWriter_EvictsACacheItself_OnlyTheBusDoes()
    {
        var source = Path.Combine(Repo.Root(), "src", "Khabar");
        var allowed = new[] { "ContentChanges.cs", "PageCache.cs", "SharedPageStore.cs", "FragmentCache.cs" };
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !allowed.Contains(Path.GetFileName(f)))
            .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f),
                @"\.(EvictAsync|EvictSoon|Invalidate|InvalidateComments|InvalidateArticle)\(|[Ff]ragment\w*\.Clear\(|FragmentCache>\(\)\.Clear\("))
            .Select(f => Path.GetRelativePath(source, f))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public async Task AChangeFromAnotherProcess_IsAppliedOnce_AndOwnChangesAreNotAppliedTwice()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var changes = factory.Services.GetRequiredService<ContentChanges>();
        var listener = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ContentChangeListener>().Single();
        await listener.ListenAsync(CancellationToken.None); // the import's change: this process's own, applied already
        await changes.PublishAsync(ContentChange.Home);
        Assert.Equal(0, await listener.ListenAsync(CancellationToken.None)); // its own row: applied already
        await factory.WithDbAsync(async db =>
        {
            db.ContentChangeLog.Add(new Khabar.Storage.ContentChangeRecord { At = new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), Kind = (int)ChangeKind.Words, Origin = "another-process" });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(1, await listener.ListenAsync(CancellationToken.None));
        Assert.Equal(0, await listener.ListenAsync(CancellationToken.None));
    }
}
