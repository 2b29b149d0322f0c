using System.Security.Claims;
using Khabar.Storage;

namespace Khabar.Features.Newsroom;

/// <summary>The audit log: written in the same SaveChanges as the action it records.</summary>
public static class Audit
{
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string Schedule = "schedule";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Reply = "reply";
    public const string Undo = "undo";
    public const string Block = "block";
    public const string Unblock = "unblock";
    public const string Roles = "roles";
    public const string Words = "words";
    public const string Token = "token";
    public const string Feature = "feature";
    public const string Live = "live";
    public const string Correction = "correction";
    public const string Breaking = "breaking";

    public static void Record(NewsDb db, ClaimsPrincipal? user, DateTime at, string action, string target, string details = "") =>
        db.AuditLog.Add(new AuditEntry
        {
            At = at,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = user?.Identity?.Name ?? "system",
            Action = action,
            Target = target.Length > 300 ? target[..300] : target,
            Details = details.Length > 2000 ? details[..2000] : details,
        });

    public static string PersianName(string action) => action switch
    {
        Publish => "انتشار",
        Unpublish => "لغو انتشار",
        Schedule => "زمان\u200Cبندی",
        Approve => "تأیید نظر",
        Undo => "بازگرداندن نظر به صف",
        Reject => "رد نظر",
        Reply => "پاسخ تحریریه",
        Block => "مسدودسازی",
        Unblock => "رفع مسدودی",
        Roles => "تغییر نقش",
        Words => "واژه\u200Cهای نظارت",
        Token => "توکن دسترسی",
        Feature => "نظر برگزیده",
        Live => "پوشش زنده",
        Correction => "اصلاحیه",
        Breaking => "خبر فوری",
        _ => action,
    };
}
