using System.Text;
using Khabar.Persian;

namespace Khabar.Features.Search;

/// <summary>
/// A reader's query: words (all must match), "quoted phrases" (in order) and -excluded words, each
/// reduced to its search key. Every term goes into the FTS5 expression quoted, so no reader input can
/// become FTS5 syntax.
/// </summary>
public sealed record SearchQuery(
    IReadOnlyList<string> Words, IReadOnlyList<IReadOnlyList<string>> Phrases, IReadOnlyList<string> Excluded,
    IReadOnlyList<IReadOnlyList<string>>? Joins = null)
{
    public const int MaxTerms = 12;

    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0;

    /// <summary>
    /// For each of <see cref="Words"/>, in order, what matches it: the word, or its join with the word typed before or
    /// after it (<see cref="SearchKey.Alternatives"/>: «پیش بینی» finds «پیش‌بینی» and «پیشبینی»). Each begins with the word.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> Terms => Joins ?? [.. Words.Select(w => (IReadOnlyList<string>)[w])];

    /// <summary>Every key word a result can be matched on, for highlighting.</summary>
    public IEnumerable<string> Highlighted => Terms.SelectMany(t => t).Concat(Phrases.SelectMany(p => p)).Distinct(StringComparer.Ordinal);

    public static SearchQuery Parse(string? text)
    {
        var words = new List<string>();
        var phrases = new List<IReadOnlyList<string>>();
        var excluded = new List<string>();
        var input = (text ?? "").Trim();
        if (input.Length > 500)
        {
            input = input[..500];
        }

        var rest = new StringBuilder();
        var quote = -1;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (c is '"' or '\u201C' or '\u201D' or '\u00AB' or '\u00BB')
            {
                if (quote < 0)
                {
                    quote = i + 1;
                }
                else
                {
                    var phrase = SearchKey.Words(input[quote..i]);
                    if (phrase.Count > 1)
                    {
                        phrases.Add(phrase);
                    }
                    else
                    {
                        words.AddRange(phrase);
                    }

                    quote = -1;
                }

                continue;
            }

            if (quote < 0)
            {
                rest.Append(c);
            }
        }

        if (quote >= 0)
        {
            rest.Append(' ').Append(input[quote..]);
        }

        // Runs of ordinary words are keyed together, so «می کردند» and «بین المللی» join as in documents.
        var run = new List<string>();
        foreach (var token in rest.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.Length > 1 && token[0] is '-' or '\u2212')
            {
                excluded.AddRange(SearchKey.Words(token[1..]));
            }
            else
            {
                run.Add(token);
            }
        }

        // A word typed once with a join and once without keeps every way it can match.
        var terms = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var alternatives in words.Select(w => (IReadOnlyList<string>)[w]).Concat(SearchKey.Alternatives(SearchKey.Words(string.Join(' ', run)))))
        {
            if (terms.TryGetValue(alternatives[0], out var known))
            {
                known.AddRange(alternatives.Skip(1).Where(a => !known.Contains(a)));
            }
            else if (terms.Count < MaxTerms)
            {
                terms[alternatives[0]] = [.. alternatives];
            }
        }

        return new SearchQuery(
            [.. terms.Keys],
            [.. phrases.Take(4)],
            [.. excluded.Distinct().Take(MaxTerms)],
            [.. terms.Values]);
    }

    /// <summary>The FTS5 MATCH expression: each word (or one of its joins) required, phrases quoted whole, exclusions with NOT.</summary>
    public string ToMatch()
    {
        var parts = Terms.Select(t => t.Count == 1 ? Quote(t[0]) : "(" + string.Join(" OR ", t.Select(Quote)) + ")")
            .Concat(Phrases.Select(p => Quote(string.Join(' ', p)))).ToList();
        var match = string.Join(" AND ", parts);
        foreach (var word in Excluded)
        {
            match = $"({match}) NOT {Quote(word)}";
        }

        return match;
    }

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
