using Khabar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Newsroom;

/// <summary>Sign-in to the panel: email and password, with lockout after repeated failures.</summary>
public sealed class LoginModel(SignInManager<NewsUser> signIn, UserManager<NewsUser> users, LoginThrottle throttle) : NewsroomPageModel
{
    public string? Error { get; private set; }

    public string Email { get; private set; } = "";

    public string ReturnUrl { get; private set; } = "/newsroom";

    public void OnGet(string? returnUrl)
    {
        PageTitle = "ورود به تحریریه";
        ReturnUrl = SafeReturn(returnUrl);
    }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, string? returnUrl)
    {
        PageTitle = "ورود به تحریریه";
        ReturnUrl = SafeReturn(returnUrl);
        Email = (email ?? "").Trim();
        if (!throttle.TryAcquire(HttpContext.Connection.RemoteIpAddress?.ToString() ?? "", out var retryAfter))
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            Comments.WindowCounter.SetRetryAfter(Response, retryAfter);
            return Fail($"از این نشانی تلاش\u200Cهای ورود زیادی رسیده است؛ {Persian.Digits.ToPersian(minutes)} دقیقهٔ دیگر دوباره امتحان کنید.", StatusCodes.Status429TooManyRequests);
        }

        var user = Email.Length == 0 ? null : await users.FindByEmailAsync(Persian.Digits.ToAscii(Email));
        if (user is null || string.IsNullOrEmpty(password))
        {
            return Fail("ایمیل یا گذرواژه درست نیست.");
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return Fail("به دلیل چند تلاش ناموفق پیاپی، ورود به این حساب تا ۱۵ دقیقه بسته است.", StatusCodes.Status423Locked);
        }

        if (!result.Succeeded)
        {
            return Fail("ایمیل یا گذرواژه درست نیست.");
        }

        if ((await users.GetRolesAsync(user)).Count == 0)
        {
            await signIn.SignOutAsync();
            return Fail("حساب شما هنوز نقشی در تحریریه ندارد؛ با مدیر سامانه تماس بگیرید.", StatusCodes.Status403Forbidden);
        }

        return LocalRedirect(ReturnUrl);
    }

    private PageResult Fail(string message, int status = StatusCodes.Status400BadRequest)
    {
        Error = message;
        Response.StatusCode = status;
        return Page();
    }

    private string SafeReturn(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && url.StartsWith("/newsroom", StringComparison.Ordinal) ? url : "/newsroom";
}

/// <summary>
/// Sign-in attempts per IP address per minute (Khabar:LoginPerIpPerMinute), whatever the account: password guessing
/// across many accounts from one address is slowed down, where the per-account lockout would not see it.
/// </summary>
public sealed class LoginThrottle(Microsoft.Extensions.Options.IOptions<KhabarOptions> options, TimeProvider clock)
{
    private readonly Comments.WindowCounter _perIp = new(options.Value.LoginPerIpPerMinute, TimeSpan.FromMinutes(1), clock);

    public bool TryAcquire(string ip, out TimeSpan retryAfter) => _perIp.TryTake(ip, out retryAfter);
}
