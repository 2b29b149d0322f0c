using Khabar.Features.Newsroom;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Moderation;

public sealed record QueueItem(
    long Id, int ArticleId, long ArticleCode, string ArticleTitle, string ArticleSlug, string ServiceName, long? ParentId,
    string Name, string Email, string? CountryCode, string Ip, DateTime CreatedAt, string Text, CommentStatus Status,
    string? RejectionReason, bool IsStaff, string? ParentName, string? ParentText, bool IsFeatured);

public sealed record CommenterHistory(int Earlier, int Rejected);

public sealed record ArticleCounters(int Published, int Pending, int Rejected);

/// <summary>
/// The moderation desk: pending comments newest first, each with its article, the commenter's history
/// and the actions a moderator needs; filters by service, article, IP and email.
/// </summary>
[Authorize(Policy = Policies.Moderate)]
public sealed class IndexModel(NewsDb db, ModerationDesk desk, WordFilter words, SiteNavigation navigation) : NewsroomPageModel
{
    private const int PageSize = 50;

    /// <summary>The status listed; null lists every status (a commenter's whole history).</summary>
    public CommentStatus? Status { get; private set; }

    /// <summary>The status as the query string names it.</summary>
    public string StatusKey => Status?.ToString().ToLowerInvariant() ?? "all";

    public string? ServiceSlug { get; private set; }

    public long? ArticleCode { get; private set; }

    public string? Ip { get; private set; }

    public string? Email { get; private set; }

    public IReadOnlyList<ServiceLink> Services { get; private set; } = [];

    public IReadOnlyList<QueueItem> Items { get; private set; } = [];

    public IReadOnlyDictionary<long, CommenterHistory> History { get; private set; } = new Dictionary<long, CommenterHistory>();

    public IReadOnlyDictionary<int, ArticleCounters> Counters { get; private set; } = new Dictionary<int, ArticleCounters>();

    public IReadOnlyList<string[]> SuspectKeys { get; private set; } = [];

    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(
        string? status, string? service, long? article, string? ip, string? email, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        PageTitle = "نظارت بر نظرها";
        Status = status switch
        {
            "published" => CommentStatus.Published,
            "rejected" => CommentStatus.Rejected,
            "all" => null,
            _ => CommentStatus.Pending,
        };
        ServiceSlug = string.IsNullOrWhiteSpace(service) ? null : service;
        ArticleCode = article;
        Ip = string.IsNullOrWhiteSpace(ip) ? null : ip.Trim();
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        Services = await navigation.ServicesAsync(ct);
        SuspectKeys = await words.SuspectKeysAsync(ct);

        var query = db.Comments.AsNoTracking();
        if (Status is { } only)
        {
            query = query.Where(c => c.Status == only);
        }

        if (ServiceSlug is not null)
        {
            query = query.Where(c => c.Article!.Service!.Slug == ServiceSlug);
        }

        if (ArticleCode is { } code)
        {
            query = query.Where(c => c.Article!.Code == code);
        }

        // Both given: one commenter, known by either (as «سابقه» counts them).
        if (Ip is not null && Email is not null)
        {
            query = query.Where(c => c.Ip == Ip || c.Email == Email);
        }
        else if (Ip is not null)
        {
            query = query.Where(c => c.Ip == Ip);
        }
        else if (Email is not null)
        {
            query = query.Where(c => c.Email == Email);
        }

        var current = Pager.Clamp(pageNumber);
        Pager = new Pager(current, await query.CountAsync(ct), PageSize, "/newsroom/moderation", FilterQuery());
        Items = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((current - 1) * PageSize).Take(PageSize)
            .Select(c => new QueueItem(
                c.Id, c.ArticleId, c.Article!.Code, c.Article.Title, c.Article.Slug, c.Article.Service!.Name, c.ParentId, c.Name,
                c.Email, c.CountryCode, c.Ip, c.CreatedAt, c.Text, c.Status, c.RejectionReason, c.IsStaff,
                c.Parent != null ? c.Parent.Name : null, c.Parent != null ? c.Parent.Text : null, c.IsFeatured))
            .ToListAsync(ct);
        History = await HistoryAsync(ct);
        Counters = await CountersAsync(ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken ct) =>
        await DoneAsync(id, await desk.ApproveAsync([id], User, ct) == 1 ? "نظر منتشر شد." : null, ct);

    public async Task<IActionResult> OnPostRejectAsync(long id, string? reason, CancellationToken ct) =>
        await DoneAsync(id, await desk.RejectAsync([id], reason, User, ct) == 1 ? "نظر رد شد." : null, ct);

    /// <summary>«واگرد»: the comment goes back to the queue, as it was before approve or reject.</summary>
    public async Task<IActionResult> OnPostUndoAsync(long id, CancellationToken ct) =>
        await DoneAsync(id, await desk.ReturnToPendingAsync([id], User, ct) == 1 ? "نظر به صف بررسی برگشت." : null, ct);

    public async Task<IActionResult> OnPostEditAsync(long id, string? text, CancellationToken ct) =>
        Done(await desk.EditAndApproveAsync(id, text, User, ct) ? "نظر ویرایش و منتشر شد." : null);

    /// <summary>«نظر برگزیده»: shown first on its article and marked (a waiting comment is published with it).</summary>
    public async Task<IActionResult> OnPostFeatureAsync(long id, bool featured, CancellationToken ct) =>
        Done(await desk.FeatureAsync(id, featured, User, ct) switch
        {
            true => featured ? "نظر برگزیده شد و نخست نمایش داده می‌شود." : "نظر از برگزیده‌ها برداشته شد.",
            false => "نظر ردشده را نمی‌توان برگزید؛ نخست آن را تأیید کنید.",
            null => null,
        });

    public async Task<IActionResult> OnPostReplyAsync(long id, string? text, CancellationToken ct) =>
        Done(await desk.ReplyAsync(id, text, User, ct) is not null ? "پاسخ تحریریه منتشر شد." : null);

    public async Task<IActionResult> OnPostBulkAsync(long[] ids, string? action, string? reason, CancellationToken ct)
    {
        var count = action switch
        {
            "approve" => await desk.ApproveAsync(ids, User, ct),
            "reject" => await desk.RejectAsync(ids, reason, User, ct),
            _ => 0,
        };
        return Done(count > 0 ? $"{PersianFormat.Num(count)} نظر {(action == "approve" ? "منتشر" : "رد")} شد." : null);
    }

    public async Task<IActionResult> OnPostBlockAsync(string? kind, string? value, string? reason, CancellationToken ct)
    {
        var blockKind = kind == "email" ? BlockKind.Email : BlockKind.Ip;
        return Done(await desk.BlockAsync(blockKind, value, reason, User, ct) ? "مسدود شد: نظرهای تازهٔ آن پذیرفته نمی‌شود." : null);
    }

    /// <summary>
    /// A fetch from the desk's script gets the comment's new status and its article's counters (or 404), so the card
    /// and every counter of that article move at once; a plain form post comes back to the same view.
    /// </summary>
    private async Task<IActionResult> DoneAsync(long id, string? notice, CancellationToken ct)
    {
        if (Request.Headers["X-Requested-With"] == "fetch" && notice is not null)
        {
            var comment = await db.Comments.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.ArticleId, c.Status }).FirstAsync(ct);
            var counts = await db.Comments.AsNoTracking().Where(c => c.ArticleId == comment.ArticleId)
                .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
            int Count(CommentStatus status) => counts.Where(c => c.Status == status).Sum(c => c.Count);
            return new JsonResult(new
            {
                status = comment.Status.ToString().ToLowerInvariant(),
                message = notice,
                article = comment.ArticleId,
                published = Count(CommentStatus.Published),
                pending = Count(CommentStatus.Pending),
                rejected = Count(CommentStatus.Rejected),
            });
        }

        return Done(notice);
    }

    /// <summary>A fetch from the desk's script gets 204 (or 404); a plain form post comes back to the same view.</summary>
    private IActionResult Done(string? notice)
    {
        if (Request.Headers["X-Requested-With"] == "fetch")
        {
            return notice is null ? NotFound() : new NoContentResult();
        }

        Notice = notice ?? "این کار انجام نشد: نظر پیدا نشد یا ورودی نامعتبر بود.";
        var back = Request.Headers.Referer.ToString();
        // Back to the same view, and only ever to a page of this site's desk (the Referer is the visitor's to write).
        return Uri.TryCreate(back, UriKind.Absolute, out var referer) && referer.Authority == Request.Host.Value
            && Url.IsLocalUrl(referer.PathAndQuery) && referer.AbsolutePath.StartsWith("/newsroom/moderation", StringComparison.Ordinal)
            ? LocalRedirect(referer.PathAndQuery)
            : LocalRedirect("/newsroom/moderation");
    }

    private string? FilterQuery()
    {
        var parts = new List<string>();
        if (Status != CommentStatus.Pending)
        {
            parts.Add("status=" + StatusKey);
        }

        if (ServiceSlug is not null)
        {
            parts.Add("service=" + Uri.EscapeDataString(ServiceSlug));
        }

        if (ArticleCode is { } code)
        {
            parts.Add("article=" + code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Ip is not null)
        {
            parts.Add("ip=" + Uri.EscapeDataString(Ip));
        }

        if (Email is not null)
        {
            parts.Add("email=" + Uri.EscapeDataString(Email));
        }

        return parts.Count == 0 ? null : string.Join('&', parts);
    }

    /// <summary>Earlier comments from the same email or address, and how many of them were rejected.</summary>
    private async Task<Dictionary<long, CommenterHistory>> HistoryAsync(CancellationToken ct)
    {
        var emails = Items.Select(i => i.Email).Where(e => e.Length > 0).Distinct().ToList();
        var ips = Items.Select(i => i.Ip).Where(i => i.Length > 0).Distinct().ToList();
        var related = await db.Comments.AsNoTracking()
            .Where(c => !c.IsStaff && (emails.Contains(c.Email) || ips.Contains(c.Ip)))
            .Select(c => new { c.Id, c.Email, c.Ip, c.CreatedAt, c.Status })
            .ToListAsync(ct);
        return Items.ToDictionary(i => i.Id, i =>
        {
            var earlier = related.Where(r => r.Id != i.Id && r.CreatedAt <= i.CreatedAt
                && ((i.Email.Length > 0 && r.Email == i.Email) || (i.Ip.Length > 0 && r.Ip == i.Ip))).ToList();
            return new CommenterHistory(earlier.Count, earlier.Count(r => r.Status == CommentStatus.Rejected));
        });
    }

    private async Task<Dictionary<int, ArticleCounters>> CountersAsync(CancellationToken ct)
    {
        var ids = Items.Select(i => i.ArticleId).Distinct().ToList();
        var rows = await db.Comments.AsNoTracking().Where(c => ids.Contains(c.ArticleId))
            .GroupBy(c => new { c.ArticleId, c.Status }).Select(g => new { g.Key.ArticleId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        return ids.ToDictionary(id => id, id => new ArticleCounters(
            rows.Where(r => r.ArticleId == id && r.Status == CommentStatus.Published).Sum(r => r.Count),
            rows.Where(r => r.ArticleId == id && r.Status == CommentStatus.Pending).Sum(r => r.Count),
            rows.Where(r => r.ArticleId == id && r.Status == CommentStatus.Rejected).Sum(r => r.Count)));
    }
}
