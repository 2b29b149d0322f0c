using Khabar.Features.Comments;
using Microsoft.AspNetCore.Mvc;

namespace Khabar.Features.Shared;

/// <summary>Persian pages for error statuses (re-executed by the status-code and exception middleware).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PublicPageModel
{
    public int Code { get; private set; }

    public string Heading { get; private set; } = "";

    public string Message { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private IActionResult Show(int code)
    {
        Code = code is >= 400 and <= 599 ? code : 404;
        (Heading, Message) = Code switch
        {
            404 => ("صفحه پیدا نشد", "صفحه\u200Cای که به دنبال آن هستید وجود ندارد یا جابه\u200Cجا شده است."),
            403 => ("دسترسی ممکن نیست", "اجازهٔ انجام این کار را ندارید."),
            405 => ("درخواست نامعتبر", "این نشانی چنین درخواستی را نمی\u200Cپذیرد."),
            413 => ("درخواست بیش از اندازه بزرگ است", "حجم آنچه فرستاده\u200Cاید بیش از اندازهٔ مجاز است."),
            415 => ("نوع محتوا پذیرفته نیست", "این نشانی داده\u200Cای با این نوع محتوا نمی\u200Cپذیرد."),
            429 => ("درخواست\u200Cها بیش از حد است", "در زمان کوتاهی درخواست\u200Cهای زیادی فرستاده\u200Cاید؛ کمی بعد دوباره تلاش کنید."),
            >= 500 => ("خطایی رخ داد", "مشکلی در سرور پیش آمد. لطفاً چند لحظهٔ دیگر دوباره تلاش کنید."),
            _ => ("درخواست نامعتبر", "درخواست شما قابل پردازش نیست."),
        };
        if (HttpContext.Items[CrossSite.MessageKey] is string message)
        {
            Message = message;
        }

        PageTitle = Heading;
        Response.StatusCode = Code;
        // The APIs answer in JSON (RFC 9457) even when the framework, not the endpoint, refused the request.
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>()?.Path;
        if (original is not null && (original.StartsWith("/api/", StringComparison.Ordinal) || original.StartsWith("/newsroom/api/", StringComparison.Ordinal)))
        {
            return new ObjectResult(new ProblemDetails { Status = Code, Title = Message })
            {
                StatusCode = Code,
                ContentTypes = { "application/problem+json" },
            };
        }

        return Page();
    }
}
