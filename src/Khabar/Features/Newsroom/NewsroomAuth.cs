using Khabar.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Khabar.Features.Newsroom;

/// <summary>Who may do what in the newsroom.</summary>
public static class Policies
{
    /// <summary>Any member of the newsroom: the dashboard.</summary>
    public const string Staff = "staff";

    /// <summary>Write and submit articles: reporters, editors, admins.</summary>
    public const string Write = "write";

    /// <summary>Publish, schedule, unpublish, order the home page: editors and admins.</summary>
    public const string Publish = "publish";

    /// <summary>The moderation desk: moderators, editors and admins.</summary>
    public const string Moderate = "moderate";

    /// <summary>Users, roles, the audit log: admins.</summary>
    public const string Admin = "admin";
}

/// <summary>Identity, the cookie of the panel, bearer tokens for tools, and the role policies.</summary>
public static class NewsroomAuth
{
    public const string Scheme = "newsroom";
    public const string CookieName = ".khabar.newsroom";

    public static void AddNewsroomAuth(this IServiceCollection services)
    {
        services.AddIdentityCore<NewsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<NewsDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<PersianIdentityErrors>();

        services.AddDataProtection().PersistKeysToDbContext<NewsDb>().SetApplicationName("Khabar");
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<ApiTokens>();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Newsroom", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/newsroom/login";
                o.LogoutPath = "/newsroom/logout";
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
                // APIs answer 401/403; pages send the anonymous to the login form and show wrong roles a 403.
                o.Events.OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/newsroom/api"))
                    {
                        return ApiAuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized);
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToAccessDenied = context =>
                    ApiAuthProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Write, p => p.RequireRole(Roles.Admin, Roles.Editor, Roles.Reporter))
            .AddPolicy(Policies.Publish, p => p.RequireRole(Roles.Admin, Roles.Editor))
            .AddPolicy(Policies.Moderate, p => p.RequireRole(Roles.Admin, Roles.Editor, Roles.Moderator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
    }

    /// <summary>The four roles exist in every database.</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var existing = await Storage.Database.ReadColumnAsync(
            scope.ServiceProvider.GetRequiredService<Storage.NewsDb>(), "SELECT \"Name\" FROM \"AspNetRoles\"", CancellationToken.None);
        if (Roles.All.All(existing.Contains))
        {
            return;
        }

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }
}

/// <summary>Identity's messages in Persian.</summary>
public sealed class PersianIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"گذرواژه باید دست\u200Cکم {Persian.Digits.ToPersian(length)} نویسه باشد." };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = "گذرواژه باید دست\u200Cکم یک رقم داشته باشد." };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = $"ایمیل {email} پیش\u200Cتر ثبت شده است." };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = $"نام کاربری {userName} پیش\u200Cتر ثبت شده است." };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = "آدرس ایمیل خود را با فرمت مناسب وارد نمایید." };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = "گذرواژه درست نیست." };
}

/// <summary>401 and 403 for the API as problem JSON (pages get the Persian status page instead).</summary>
public static class ApiAuthProblems
{
    public static Task WriteAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return Task.CompletedTask;
        }

        var title = status == StatusCodes.Status401Unauthorized
            ? "برای این کار باید وارد شوید (کوکی پنل یا Authorization: Bearer)."
            : "نقش شما اجازهٔ این کار را نمی\u200Cدهد.";
        return Results.Problem(title: title, statusCode: status).ExecuteAsync(context);
    }
}
