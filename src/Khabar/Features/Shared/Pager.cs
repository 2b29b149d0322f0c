using System.Globalization;

namespace Khabar.Features.Shared;

/// <summary>Page links of a paginated list; pages are 1-based, ?page= in the query.</summary>
public sealed record Pager(int Page, int TotalItems, int PageSize, string BasePath, string? ExtraQuery = null)
{
    public int TotalPages => Math.Max(1, (TotalItems + PageSize - 1) / PageSize);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < TotalPages;

    public string UrlOf(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(ExtraQuery))
        {
            query.Add(ExtraQuery);
        }

        if (page > 1)
        {
            query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return query.Count == 0 ? BasePath : BasePath + (BasePath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join('&', query);
    }

    /// <summary>A requested page number made safe: anything unreadable or out of range is page 1.</summary>
    public static int Clamp(int? page) => page is > 0 and < 100_000 ? page.Value : 1;
}
