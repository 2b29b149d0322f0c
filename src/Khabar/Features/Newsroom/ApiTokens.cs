using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Khabar.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Newsroom;

/// <summary>Personal access tokens: made once, shown once, kept as a hash, revocable.</summary>
public sealed class ApiTokens(NewsDb db, TimeProvider clock)
{
    public const string Marker = "khb_";

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Creates a token for a user and returns it in clear; only its hash is stored.</summary>
    public async Task<string> CreateAsync(NewsUser user, string name, CancellationToken ct)
    {
        var token = Marker + Base64Url(RandomNumberGenerator.GetBytes(32));
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id,
            Name = string.IsNullOrWhiteSpace(name) ? "token" : name.Trim(),
            Hash = HashOf(token),
            Prefix = token[..(Marker.Length + 6)],
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task<bool> RevokeAsync(int id, string? ownerId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && (ownerId == null || t.UserId == ownerId) && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates `Authorization: Bearer khb_…` as the token's user, with that user's current roles.</summary>
public sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NewsDb db, UserManager<NewsUser> users, IUserClaimsPrincipalFactory<NewsUser> principals, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var value = header["Bearer ".Length..].Trim();
        if (!value.StartsWith(ApiTokens.Marker, StringComparison.Ordinal) || value.Length > 200)
        {
            return AuthenticateResult.Fail("malformed token");
        }

        var hash = ApiTokens.HashOf(value);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, Context.RequestAborted);
        var user = token is null ? null : await users.FindByIdAsync(token.UserId);
        if (token is null || user is null || await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("unknown or revoked token");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        ClaimsPrincipal principal = await principals.CreateAsync(user);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiAuthProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiAuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden);
}
