using Khabar.Features.Articles;
using Khabar.Features.Caching;
using Khabar.Features.Shared;
using Khabar.Persian;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Listings;

/// <summary>The archive of one Jalali day in Tehran time (?date=1401/01/30, either digit set; optional &amp;service=).</summary>
[PublicCache("date", "service", "page:n")]
public sealed class ArchiveModel(NewsDb db, TimeProvider clock) : PublicPageModel
{
    public JalaliDate Day { get; private set; }

    public string DayTitle { get; private set; } = "";

    public string? Error { get; private set; }

    /// <summary>Today in Tehran: the example of the date field.</summary>
    public JalaliDate Today { get; private set; }

    public string? ServiceSlug { get; private set; }

    public IReadOnlyList<ServiceLink> Services { get; private set; } = [];

    public IReadOnlyList<ArticleCard> Cards { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public string PreviousDay { get; private set; } = "";

    public string? NextDay { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? date, string? service, [FromQuery(Name = "page")] int? pageNumber, [FromServices] SiteNavigation navigation, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Services = await navigation.ServicesAsync(ct);
        ServiceSlug = string.IsNullOrWhiteSpace(service) ? null : service.Trim();
        PageTitle = "آرشیو اخبار";
        Today = Jalali.DateOf(now);
        if (string.IsNullOrWhiteSpace(date))
        {
            Day = Jalali.DateOf(now);
        }
        else if (Jalali.TryParseDate(date, out var day))
        {
            Day = day;
        }
        else
        {
            Error = $"تاریخ «{date.Trim()}» معتبر نیست؛ آن را به شکل سال/ماه/روز بنویسید، مانند {Digits.ToPersian(Today.ToString())}.";
            Day = Jalali.DateOf(now);
            Pager = new Pager(1, 0, ArticleQueries.PageSize, "/archive");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (start, end) = Jalali.DayRangeUtc(Day);
        var query = db.Published(now).Where(a => a.PublishedAt >= start && a.PublishedAt < end);
        var serviceId = ServiceSlug is null ? null : Services.FirstOrDefault(s => s.Slug == ServiceSlug)?.Id;
        if (ServiceSlug is not null && serviceId is null)
        {
            return NotFound();
        }

        if (serviceId is { } id)
        {
            query = query.Where(a => a.ServiceId == id);
        }

        var current = Pager.Clamp(pageNumber);
        var dayText = Day.ToString();
        var extra = ServiceSlug is null ? null : "service=" + Uri.EscapeDataString(ServiceSlug);
        (Cards, Pager) = await query.PageAsync(current, Urls.Archive(dayText), extra, ct);
        DayTitle = Jalali.FormatLongDate(start.AddHours(12));
        PageTitle = $"آرشیو اخبار {Jalali.FormatDate(start.AddHours(12))}";
        CanonicalPath = Pager.UrlOf(current);
        PreviousDay = Jalali.DateOf(start.AddHours(-12)).ToString();
        NextDay = end <= now ? Jalali.DateOf(end.AddHours(12)).ToString() : null;
        return Page();
    }
}
