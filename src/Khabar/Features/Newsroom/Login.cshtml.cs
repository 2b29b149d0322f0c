using Khabar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khabar.Features.Newsroom;

/// <summary>Sign-in to the panel: email and password, guarded by <see cref="LoginThrottle"/>.</summary>
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
        var ip = Shared.AddressKey.Of(HttpContext.Connection.RemoteIpAddress?.ToString());
        var (allowed, retryAfter) = await throttle.TryAcquireAsync(ip);
        if (!allowed)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
            Shared.WindowCounter.SetRetryAfter(Response, retryAfter);
            return Fail($"از این نشانی تلاش\u200Cهای ورود زیادی رسیده است؛ {Persian.Digits.ToPersian(minutes)} دقیقهٔ دیگر دوباره امتحان کنید.", StatusCodes.Status429TooManyRequests);
        }

        // The same steps and the same answers for every email, known or not, so neither tells who is on the staff.
        var account = Persian.Digits.ToAscii(Email).ToUpperInvariant();
        var (closed, wait, everywhere) = await throttle.IsClosedAsync(account, ip);
        if (closed)
        {
            Shared.WindowCounter.SetRetryAfter(Response, wait);
            var minutes = Persian.Digits.ToPersian(Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes)));
            return everywhere
                ? Fail($"برای این حساب از نشانی‌های گوناگون تلاش‌های ناموفق زیادی رسیده است؛ {minutes} دقیقهٔ دیگر دوباره امتحان کنید.", StatusCodes.Status429TooManyRequests)
                : Fail($"به دلیل چند تلاش ناموفق پیاپی از این نشانی، ورود به این حساب از اینجا تا {minutes} دقیقه بسته است.", StatusCodes.Status423Locked);
        }

        var user = Email.Length == 0 ? null : await users.FindByEmailAsync(Persian.Digits.ToAscii(Email));
        var passwordOk = user is not null && !string.IsNullOrEmpty(password)
            ? await users.CheckPasswordAsync(user, password)
            : DummyPassword.Check(password); // the same hashing work as a real check
        if (user is null || !passwordOk || string.IsNullOrEmpty(password))
        {
            await throttle.FailedAsync(account, ip);
            return Fail("ایمیل یا گذرواژه درست نیست.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            // Closed by an administrator (not by anyone's wrong passwords): said only to whoever knows the password.
            return Fail("این حساب بسته شده است؛ با مدیر سامانه تماس بگیرید.", StatusCodes.Status423Locked);
        }

        await throttle.SucceededAsync(account, ip);
        await signIn.SignInAsync(user, isPersistent: false);
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

    /// <summary>A password hash no password matches, checked for unknown emails so that they cost what a real check costs.</summary>
    private static class DummyPassword
    {
        private static readonly NewsUser Nobody = new() { UserName = "nobody", Email = "nobody@invalid" };
        private static readonly PasswordHasher<NewsUser> Hasher = new();
        private static readonly string Hash = Hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

        public static bool Check(string? password)
        {
            Hasher.VerifyHashedPassword(Nobody, Hash, password ?? "");
            return false;
        }
    }

    private string SafeReturn(string? url) =>
        !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) && url.StartsWith("/newsroom", StringComparison.Ordinal) ? url : "/newsroom";
}

/// <summary>
/// What stands between a password guesser and the newsroom, without letting a stranger lock the owner out:
/// <list type="bullet">
/// <item>sign-in attempts per address per minute, whatever the account (Khabar:LoginPerIpPerMinute);</item>
/// <item>wrong passwords per account <em>and address</em>: after <see cref="FailuresPerAddress"/> in
/// <see cref="Window"/>, that account is closed to that address only — the owner, elsewhere, signs in as usual;</item>
/// <item>a slower limit per account from all addresses together (<see cref="FailuresPerAccount"/> in the window), against
/// guessing spread over many addresses;</item>
/// </list>
/// An account that does not exist is counted exactly as one that does, so the answers never tell which emails are staff.
/// Nothing here touches ASP.NET Identity's lockout, so an account's API tokens keep working during a guessing attack.
/// On a site of several nodes every count is the whole site's (Redis), so a guesser gains nothing by the balancer.
/// </summary>
public sealed class LoginThrottle(Microsoft.Extensions.Options.IOptions<KhabarOptions> options, TimeProvider clock, Shared.SharedLimits shared)
{
    public const int FailuresPerAddress = 5;
    public const int FailuresPerAccount = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly Shared.WindowCounter _perIp = new(options.Value.LoginPerIpPerMinute, TimeSpan.FromMinutes(1), clock, shared, "login-ip");
    private readonly Shared.WindowCounter _perAccountAndAddress = new(FailuresPerAddress, Window, clock, shared, "login-account-ip");
    private readonly Shared.WindowCounter _perAccount = new(FailuresPerAccount, Window, clock, shared, "login-account");

    public ValueTask<(bool Allowed, TimeSpan RetryAfter)> TryAcquireAsync(string ip) => _perIp.TakeAsync(ip);

    /// <summary>Whether this account is closed to this address (or to all, after too many failures from everywhere).</summary>
    public async ValueTask<(bool Closed, TimeSpan RetryAfter, bool Everywhere)> IsClosedAsync(string account, string ip)
    {
        var (everywhere, wait) = await _perAccount.ExhaustedAsync(account);
        if (everywhere)
        {
            return (true, wait, true);
        }

        var (here, retryAfter) = await _perAccountAndAddress.ExhaustedAsync(Pair(account, ip));
        return (here, retryAfter, false);
    }

    public async ValueTask FailedAsync(string account, string ip)
    {
        await _perAccountAndAddress.TakeAsync(Pair(account, ip));
        await _perAccount.TakeAsync(account);
    }

    /// <summary>A right password from this address clears its failures (the count from everywhere runs out by itself).</summary>
    public ValueTask SucceededAsync(string account, string ip) => _perAccountAndAddress.ResetAsync(Pair(account, ip));

    private static string Pair(string account, string ip) => account + "\n" + ip;
}
