using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Khabar.Features.Api;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Comments;

/// <summary>The comment API (JSON) and the like/dislike votes.</summary>
public static class CommentEndpoints
{
    private const string VisitorCookie = "kv";

    public static void MapCommentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/articles/{code:long}/comments", PostAsync).DisableAntiforgery().WithTags("Comments")
            .Accepts<Api.CommentRequest>("application/json").Produces<Api.CommentAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status415UnsupportedMediaType).Produces(StatusCodes.Status429TooManyRequests)
            .WithSummary("Send a comment; it waits for a moderator (202 once it is stored)");
        app.MapPost("/comments/{id:long}/vote", VoteAsync).DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> PostAsync(
        long code, HttpContext http, CommentIntake intake, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (CrossSite.IsCrossSitePost(http))
        {
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.CrossSite);
        }

        Forms.LimitBody(http, CommentRules.MaxRequestBytes);
        if (!http.Request.HasJsonContentType())
        {
            return ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "بدنهٔ درخواست باید JSON (application/json) باشد.");
        }

        CommentRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CommentRequest>(http.Request.Body, json.Value.SerializerOptions, ct);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or DecoderFallbackException or InvalidOperationException)
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, "بدنهٔ درخواست JSON معتبر نیست.");
        }
        catch (BadHttpRequestException e) when (BodyRefusal.Of(e) is { } refused)
        {
            return ApiErrors.Problem(refused.Status, refused.Status == StatusCodes.Status413PayloadTooLarge ? refused.Message : "بدنهٔ درخواست JSON معتبر نیست.");
        }

        if (body is null)
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, "بدنهٔ درخواست خالی است.");
        }

        var input = new CommentInput(body.Name, body.Email, body.Text, body.ParentId);
        var result = await intake.SubmitAsync(code, input, http.Connection.RemoteIpAddress?.ToString(), ct);
        return result.Outcome switch
        {
            CommentOutcome.Accepted => Results.Json(new CommentAccepted(result.Id, "pending"), json.Value.SerializerOptions, statusCode: StatusCodes.Status202Accepted),
            CommentOutcome.ArticleNotFound => ApiErrors.NotFound(CommentMessages.ArticleNotFound),
            CommentOutcome.RateLimited => RetryLater(http, result),
            CommentOutcome.Blocked => ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.Blocked),
            _ => ApiErrors.Fields(result.Errors!),
        };
    }

    /// <summary>429 with Retry-After (whole seconds, at least one) and the Persian reason.</summary>
    public static IResult RetryLater(HttpContext http, CommentResult result)
    {
        WindowCounter.SetRetryAfter(http.Response, result.RetryAfter);
        return ApiErrors.Problem(StatusCodes.Status429TooManyRequests, result.Message ?? CommentMessages.RateLimited);
    }

    /// <summary>
    /// One vote per visitor and comment, a few per address (<see cref="VoteLimiter"/>), written in batches
    /// (<see cref="VoteWriter"/>); the visitor id cookie is made on a first vote, never on a read.
    /// </summary>
    private static async Task<IResult> VoteAsync(
        long id, HttpContext http, NewsDb db, VoteWriter writer, VoteLimiter limiter, TimeProvider clock, CancellationToken ct)
    {
        if (CrossSite.IsCrossSitePost(http))
        {
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.CrossSite);
        }

        Forms.LimitBody(http, 64 * 1024);
        var (form, refused) = await Forms.ReadAsync(http.Request, ct);
        if (refused is not null)
        {
            return ApiErrors.Problem(refused.Status, refused.Message);
        }

        var value = http.Request.HasFormContentType ? form["value"].ToString() : http.Request.Query["value"].ToString();
        if (value is not ("like" or "dislike"))
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, "رأی باید «like» یا «dislike» باشد.");
        }

        var comment = await db.Comments.AsNoTracking().Where(c => c.Id == id && c.Status == CommentStatus.Published)
            .Select(c => new { c.Id, c.Article!.Code, c.Article.Slug }).FirstOrDefaultAsync(ct);
        if (comment is null)
        {
            return ApiErrors.NotFound("نظری با این شناسه پیدا نشد.");
        }

        var visitor = http.Request.Cookies[VisitorCookie];
        if (visitor is not { Length: 32 } || !visitor.All(char.IsAsciiHexDigit))
        {
            visitor = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            http.Response.Cookies.Append(VisitorCookie, visitor, new CookieOptions
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        var (allowed, retryAfter) = await limiter.TryAcquireAsync(AddressKey.Of(http.Connection.RemoteIpAddress?.ToString()), id);
        if (!allowed)
        {
            WindowCounter.SetRetryAfter(http.Response, retryAfter);
            return ApiErrors.Problem(StatusCodes.Status429TooManyRequests, CommentMessages.VotesRateLimited);
        }

        var counts = await writer.WriteAsync(new VoteWriter.Vote(id, comment.Code, visitor, value == "like", clock.GetUtcNow().UtcDateTime));
        if (form is not null && !http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal))
        {
            return Results.Redirect(Urls.Ascii(Urls.Article(comment.Code, comment.Slug)) + "#comment-" + id.ToString(System.Globalization.CultureInfo.InvariantCulture), permanent: false);
        }

        return Results.Ok(new { likes = counts.Likes, dislikes = counts.Dislikes });
    }
}
