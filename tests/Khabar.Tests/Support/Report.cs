using System.Globalization;

namespace Khabar.Tests;

/// <summary>
/// The reliability report of issue 7: each test adds its rows to artifacts/reliability-*.md, which scripts/test
/// prints before its last line (and which is copied into bench/history/).
/// </summary>
public static class Report
{
    private static readonly Lock Gate = new();

    private static string PathOf(string name) => Path.Combine(Repo.Root(), "artifacts", $"reliability-{name}.md");

    /// <summary>One row of the hostile-input table: where, how many tried, the answers by status.</summary>
    public static void Add(string surface, int tried, IReadOnlyDictionary<int, int> statuses)
    {
        var answers = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        var fivexx = statuses.Where(s => s.Key >= 500).Sum(s => s.Value);
        Append("inputs", "| surface | inputs tried | answers (status: count) | 5xx |\n|---|---|---|---|\n",
            string.Create(CultureInfo.InvariantCulture, $"| {surface} | {tried} | {answers} | {fivexx} |\n"));
    }

    /// <summary>A line of free text under a named section (crash, backup, authorization).</summary>
    public static void Line(string name, string text) => Append(name, "", text + "\n");

    private static void Append(string name, string header, string row)
    {
        lock (Gate)
        {
            var file = PathOf(name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            if (!File.Exists(file))
            {
                File.WriteAllText(file, header);
            }

            File.AppendAllText(file, row);
        }
    }
}
