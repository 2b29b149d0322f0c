namespace Khabar.Features.Comments;

/// <summary>Persian messages of the comment path that are not about one field.</summary>
public static class CommentMessages
{
    public const string Pending = "نظر شما ثبت شد و پس از بررسی منتشر خواهد شد.";
    public const string RateLimitedEmail = "با این ایمیل در یک ساعت گذشته نظرهای زیادی فرستاده شده است؛ لطفاً بعداً دوباره بفرستید.";
    public const string VotesRateLimited = "از این نشانی رأی\u200Cهای زیادی رسیده است؛ کمی بعد دوباره امتحان کنید.";

    public const string Duplicate = "همین نظر پیش\u200Cتر برای این خبر فرستاده شده است.";
    public const string RateLimited = "از نشانی شما در چند دقیقهٔ گذشته نظرهای زیادی رسیده است؛ لطفاً کمی بعد دوباره بفرستید.";
    public const string CrossSite = "ارسال نظر از سایت\u200Cهای دیگر پذیرفته نمی\u200Cشود.";
    public const string Blocked = "متأسفیم؛ امکان ثبت نظر از این نشانی یا ایمیل فعلاً وجود ندارد. اگر فکر می\u200Cکنید اشتباهی رخ داده، با تحریریه تماس بگیرید.";
    public const string ArticleNotFound = "خبری با این کد پیدا نشد.";
    public const string Invalid = "نظر ارسال نشد؛ خطاهای مشخص\u200Cشده را برطرف کنید.";
}
