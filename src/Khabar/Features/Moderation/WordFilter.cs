using Khabar.Persian;
using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

public sealed record WordMatch(string? Banned, IReadOnlyList<string> Suspect);

/// <summary>
/// Banned and suspect words, matched on the search key: Arabic letters, ZWNJ, tatweel or diacritics
/// cannot dodge them. Read once and kept until the list changes.
/// </summary>
public sealed class WordFilter(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyList<(string Text, string[] Key, WordKind Kind)>? _words;

    public void Invalidate() => _words = null;

    public async Task<WordMatch> MatchAsync(string text, CancellationToken ct)
    {
        var words = await WordsAsync(ct);
        if (words.Count == 0)
        {
            return new WordMatch(null, []);
        }

        var key = SearchKey.Words(text);
        string? banned = null;
        var suspect = new List<string>();
        foreach (var (word, wordKey, kind) in words)
        {
            if (!Contains(key, wordKey))
            {
                continue;
            }

            if (kind == WordKind.Banned)
            {
                banned ??= word;
            }
            else
            {
                suspect.Add(word);
            }
        }

        return new WordMatch(banned, suspect);
    }

    /// <summary>The search keys of the suspect words, one array of key words per entry, for highlighting.</summary>
    public async Task<IReadOnlyList<string[]>> SuspectKeysAsync(CancellationToken ct) =>
        [.. (await WordsAsync(ct)).Where(w => w.Kind == WordKind.Suspect).Select(w => w.Key)];

    /// <summary>Whole words in order: «کلمه» matches «کلمه‌ها» only if the key says so, never «کلمهء» inside another word.</summary>
    public static bool Contains(IReadOnlyList<string> text, string[] phrase)
    {
        if (phrase.Length == 0)
        {
            return false;
        }

        for (var i = 0; i + phrase.Length <= text.Count; i++)
        {
            var all = true;
            for (var j = 0; j < phrase.Length && all; j++)
            {
                all = text[i + j] == phrase[j];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    private async ValueTask<IReadOnlyList<(string Text, string[] Key, WordKind Kind)>> WordsAsync(CancellationToken ct)
    {
        if (_words is { } cached)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        var rows = await db.ModerationWords.AsNoTracking().Select(w => new { w.Text, w.Key, w.Kind }).ToListAsync(ct);
        var words = rows.Select(r => (r.Text, r.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.Kind)).ToList();
        _words = words;
        return words;
    }
}
