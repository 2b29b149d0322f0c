using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Search;

/// <summary>/search?q=&amp;service=&amp;from=&amp;to=&amp;page= with Jalali dates in the filters.</summary>
[PublicCache("q", "service", "from", "to", "page:n", Tags = [CacheTags.Search])]
public sealed class SearchModel(NewsDb db, ISearchIndex index, TimeProvider clock, SiteNavigation navigation, SearchLimiter limiter) : PublicPageModel
{
    public const int PageSize = 20;

    /// <summary>Results are shown to page 50 (1,000 articles): beyond, a narrower query finds more than paging would.</summary>
    public const int MaxPage = 50;

    public const string TooFar = "نتیجه‌های جست‌وجو تنها تا صفحهٔ ۵۰ نمایش داده می‌شوند؛ عبارت را دقیق‌تر کنید یا سرویس و تاریخ را مشخص کنید.";

    public string Query { get; private set; } = "";

    public string? Service { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    public string? Error { get; private set; }

    public SearchQuery Parsed { get; private set; } = SearchQuery.Parse("");

    public SearchResults Results { get; private set; } = new(0, []);

    public Pager Pager { get; private set; } = null!;

    public IReadOnlyList<ServiceLink> Services { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? q, string? service, string? from, string? to, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        Services = await navigation.ServicesAsync(ct);
        Query = (q ?? "").Trim();
        Service = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        From = string.IsNullOrWhiteSpace(from) ? null : from.Trim();
        To = string.IsNullOrWhiteSpace(to) ? null : to.Trim();
        PageTitle = Query.Length > 0 ? $"جست\u200Cوجوی «{Query}»" : "جست\u200Cوجو";
        var current = Pager.Clamp(pageNumber);
        Pager = new Pager(current, 0, PageSize, "/search");
        if (current > MaxPage)
        {
            Error = TooFar;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Only searches that missed the page cache come here: those are limited per address.
        var (allowed, retryAfter) = Query.Length > 0 ? await limiter.TryAcquireAsync(HttpContext) : (true, TimeSpan.Zero);
        if (!allowed)
        {
            Error = SearchLimiter.Message;
            Shared.WindowCounter.SetRetryAfter(Response, retryAfter);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        DateTime? fromUtc = null, toUtc = null;
        if (From is not null)
        {
            if (Jalali.TryParseDate(From, out var d))
            {
                fromUtc = Jalali.DayRangeUtc(d).StartUtc;
            }
            else
            {
                Error = "تاریخ «از» معتبر نیست؛ به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید.";
            }
        }

        if (To is not null)
        {
            if (Jalali.TryParseDate(To, out var d))
            {
                toUtc = Jalali.DayRangeUtc(d).EndUtc;
            }
            else
            {
                Error = "تاریخ «تا» معتبر نیست؛ به شکل ۱۴۰۳/۰۱/۳۱ وارد کنید.";
            }
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Parsed = SearchQuery.Parse(Query);
        Results = await index.SearchAsync(db, Parsed, new SearchFilter(Service, fromUtc, toUtc), clock.GetUtcNow().UtcDateTime, (current - 1) * PageSize, PageSize, ct);
        var extra = new List<string> { "q=" + Uri.EscapeDataString(Query) };
        if (Service is not null)
        {
            extra.Add("service=" + Uri.EscapeDataString(Service));
        }

        if (From is not null)
        {
            extra.Add("from=" + Uri.EscapeDataString(From));
        }

        if (To is not null)
        {
            extra.Add("to=" + Uri.EscapeDataString(To));
        }

        Pager = new Pager(current, Math.Min(Results.Total, MaxPage * PageSize), PageSize, "/search", string.Join('&', extra));
        return Page();
    }
}

/// <summary>
/// Searches per address per minute that the page cache did not answer (Khabar:SearchPerIpPerMinute; 0: no limit):
/// each one is a full-text query, the costliest read of the site. Addresses by <see cref="AddressKey"/>; counted for the
/// whole site on a site of several nodes.
/// </summary>
public sealed class SearchLimiter(Microsoft.Extensions.Options.IOptions<KhabarOptions> options, TimeProvider clock, Shared.SharedLimits shared)
{
    public const string Message = "از این نشانی جست‌وجوهای زیادی رسیده است؛ کمی بعد دوباره امتحان کنید.";

    private readonly Shared.WindowCounter? _perIp = options.Value.SearchPerIpPerMinute > 0
        ? new(options.Value.SearchPerIpPerMinute, TimeSpan.FromMinutes(1), clock, shared, "search-ip")
        : null;

    public ValueTask<(bool Allowed, TimeSpan RetryAfter)> TryAcquireAsync(HttpContext context) =>
        _perIp is null ? ValueTask.FromResult((true, TimeSpan.Zero)) : _perIp.TakeAsync(AddressKey.Of(context.Connection.RemoteIpAddress?.ToString()));
}
