using System.Globalization;
using Khabar.Features.Shared;

namespace Khabar.Features.Caching;

/// <summary>
/// Marks a page or endpoint whose anonymous GET responses the page cache keeps: the query parameters it reads (the
/// cache key is the path and those only) and the tags that evict it (<see cref="Tags"/>), declared where the endpoint
/// is, never guessed from its address.
/// <para>
/// Query: a query string of anything else (<c>?utm_source=…</c>, junk) is the same page and never a new entry. A
/// parameter is named as the page reads it: <c>"q"</c> (its text), <c>"page:n"</c> (a page number: the key holds the
/// number the pager uses, none for page 1 or for no number at all), <c>"comment=pending"</c> (only that value means
/// anything; any other is as if it were absent).
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicCacheAttribute(params string[] query) : Attribute
{
    private TagTemplate[] _tags = [];

    /// <summary>The query parameters the page reads, in the order the key lists them.</summary>
    public IReadOnlyList<string> Query { get; } = query;

    /// <summary>
    /// What the page shows, as cache tags (<see cref="CacheTags"/>): constants (<c>"home"</c>) or templates of route
    /// values (<c>"article:{code}"</c>). Every page also carries <see cref="CacheTags.All"/>.
    /// </summary>
    public string[] Tags
    {
        get => [.. _tags.Select(t => t.Text)];
        init => _tags = [.. value.Select(TagTemplate.Parse)];
    }

    /// <summary>The tags of one response: <see cref="CacheTags.All"/>, then the declared ones with the request's route values.</summary>
    internal string[] TagsFor(RouteValueDictionary route)
    {
        var tags = new string[_tags.Length + 1];
        tags[0] = CacheTags.All;
        for (var i = 0; i < _tags.Length; i++)
        {
            tags[i + 1] = _tags[i].Fill(route);
        }

        return tags;
    }

    /// <summary>The key's part for one declared parameter, or null when the page would read the same as without it.</summary>
    internal static string? Part(string declared, IQueryCollection query)
    {
        var colon = declared.IndexOf(':', StringComparison.Ordinal);
        var equals = declared.IndexOf('=', StringComparison.Ordinal);
        var name = colon > 0 ? declared[..colon] : equals > 0 ? declared[..equals] : declared;
        if (!query.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        var value = values[0] ?? "";
        if (colon > 0)
        {
            var page = Pager.Clamp(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);
            return page == 1 ? null : name + "=" + page.ToString(CultureInfo.InvariantCulture);
        }

        if (equals > 0)
        {
            return value == declared[(equals + 1)..] ? declared : null;
        }

        return name + "=" + Uri.EscapeDataString(value);
    }

    /// <summary>A tag as declared: literal text, or a prefix and one route value in braces (<c>article:{code}</c>).</summary>
    private sealed record TagTemplate(string Text, string Prefix, string? RouteValue)
    {
        public static TagTemplate Parse(string text)
        {
            var open = text.IndexOf('{', StringComparison.Ordinal);
            if (open < 0)
            {
                return new TagTemplate(text, text, null);
            }

            if (!text.EndsWith('}') || open == text.Length - 2)
            {
                throw new ArgumentException($"A cache tag template is a prefix and one {{route value}} at its end: {text}", nameof(text));
            }

            return new TagTemplate(text, text[..open], text[(open + 1)..^1]);
        }

        public string Fill(RouteValueDictionary route) =>
            RouteValue is null ? Prefix : Prefix + Convert.ToString(route[RouteValue], CultureInfo.InvariantCulture);
    }
}
