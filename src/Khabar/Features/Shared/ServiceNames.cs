using Khabar.Persian;

namespace Khabar.Features.Shared;

/// <summary>The usual desks of an Iranian newsroom, with their URL names, order and colours.</summary>
public static class ServiceNames
{
    private static readonly (string Slug, string Name, string Color, string[] Aliases)[] Known =
    [
        ("politics", "سیاسی", "#b3261e", ["سیاست", "politics"]),
        ("economy", "اقتصادی", "#0b7a4b", ["اقتصاد", "economy"]),
        ("society", "اجتماعی", "#8a4b08", ["جامعه", "society"]),
        ("world", "بین\u200Cالملل", "#1d4f91", ["بین الملل", "بینالملل", "جهان", "world"]),
        ("sports", "ورزشی", "#00796b", ["ورزش", "sports", "sport"]),
        ("culture", "فرهنگی", "#6a3d9a", ["فرهنگ", "فرهنگ و هنر", "culture"]),
        ("science", "علمی", "#00639b", ["علم", "علم و فناوری", "فناوری", "science"]),
        ("provinces", "استان\u200Cها", "#5d5f1e", ["استانها", "استان ها", "provinces"]),
    ];

    private static int IndexOf(string? nameOrSlug)
    {
        var key = SearchKey.Of(nameOrSlug);
        return Array.FindIndex(Known, k => k.Slug == key || SearchKey.Of(k.Name) == key || k.Aliases.Any(a => SearchKey.Of(a) == key));
    }

    public static string? SlugFor(string? nameOrSlug) => IndexOf(nameOrSlug) is var i and >= 0 ? Known[i].Slug : null;

    public static string? NameFor(string? nameOrSlug) => IndexOf(nameOrSlug) is var i and >= 0 ? Known[i].Name : null;

    public static string ColorFor(string slug) => IndexOf(slug) is var i and >= 0 ? Known[i].Color : "#37474f";

    public static int OrderFor(string slug) => IndexOf(slug) is var i and >= 0 ? i : Known.Length;
}
