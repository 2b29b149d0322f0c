using System.Globalization;
using System.Text;
using System.Text.Json;
using Khabar.Features.Search;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Khabar.Tests.Search;

public sealed record QualityCase(int Number, string Rule, string Document, string Query, bool MustMatch, string Why)
{
    public long Code => 20_000 + Number;

    public static IReadOnlyList<QualityCase> Load() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "quality-cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select((l, i) => l.Split('\t') is [var rule, var doc, var query, var expect, var why]
                ? new QualityCase(i + 1, rule, doc, query, expect == "match", why)
                : throw new FormatException($"quality-cases.tsv line {i + 2}"))];
}

/// <summary>One index holding every case's document; each query must find its document or must not.</summary>
public sealed class SearchQualityFixture : IAsyncLifetime
{
    public KhabarFactory Factory { get; } = new();

    public async Task InitializeAsync()
    {
        var lines = QualityCase.Load().Select(c => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["code"] = c.Code, ["service"] = "سیاسی", ["title"] = $"سند آزمون {c.Number}", ["body"] = c.Document,
            ["published_at"] = "2024-03-01T10:00:00Z",
        })).ToArray();
        var report = await Factory.ImportAsync(lines);
        Assert.Empty(report.Errors);
    }

    public async Task<bool> FindsAsync(QualityCase c)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Storage.NewsDb>();
        var results = await scope.ServiceProvider.GetRequiredService<ISearchIndex>()
            .SearchAsync(db, SearchQuery.Parse(c.Query), new SearchFilter(null, null, null), new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0, 1000, CancellationToken.None);
        return results.Hits.Any(h => h.Code == c.Code);
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public class SearchQualityTests(SearchQualityFixture fixture, ITestOutputHelper output) : IClassFixture<SearchQualityFixture>
{
    public static TheoryData<int> Numbers()
    {
        var data = new TheoryData<int>();
        foreach (var c in QualityCase.Load())
        {
            data.Add(c.Number);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public async Task QualityCase_MatchesAsWritten(int number)
    {
        var c = QualityCase.Load().Single(x => x.Number == number);
        var found = await fixture.FindsAsync(c);
        Assert.True(found == c.MustMatch, $"[{c.Rule}] {c.Why}: «{c.Query}» in «{c.Document}» should {(c.MustMatch ? "" : "not ")}match");
    }

    [Fact]
    public async Task QualitySuite_HasAtLeast80CasesAndReportsPerRule()
    {
        var cases = QualityCase.Load();
        Assert.True(cases.Count >= 80, $"{cases.Count} cases");
        Assert.Contains(cases, c => !c.MustMatch);
        var report = new StringBuilder("| rule | cases | must match | must not match | passed |\n|---|---|---|---|---|\n");
        var failed = 0;
        foreach (var group in cases.GroupBy(c => c.Rule))
        {
            var passed = 0;
            foreach (var c in group)
            {
                if (await fixture.FindsAsync(c) == c.MustMatch)
                {
                    passed++;
                }
            }

            failed += group.Count() - passed;
            report.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {group.Count(c => c.MustMatch)} | {group.Count(c => !c.MustMatch)} | {passed} |\n");
        }

        output.WriteLine(report.ToString());
        var root = Repo.Root();
        Directory.CreateDirectory(Path.Combine(root, "artifacts"));
        await File.WriteAllTextAsync(Path.Combine(root, "artifacts", "search-quality.md"), "# Search quality suite\n\n" + report);

        Assert.Equal(0, failed);
    }
}
