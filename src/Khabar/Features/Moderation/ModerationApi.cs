using System.Text.Json;
using Khabar.Features.Api;
using Khabar.Features.Comments;
using Khabar.Features.Newsroom;
using Khabar.Features.Shared;
using Khabar.Storage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Moderation;

public sealed record ModerationArticleDto(long Code, string Title, string Url);

public sealed record ModerationCommentDto(
    long Id, ModerationArticleDto Article, long? ParentId, string Name, string Email, string? CountryCode, string Ip,
    string Text, string Status, string CreatedAt, string CreatedAtJalali, string? RejectionReason, bool IsStaff, bool Featured);

public sealed record ModerationResult(long Id, string Status);

public sealed record RejectRequest(string? Reason);

/// <summary>The moderation API for newsroom tools: bearer token or panel cookie, moderator roles only.</summary>
public static class ModerationApi
{
    public static void MapModerationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/moderation").RequireAuthorization(Policies.Moderate).WithTags("Moderation");
        api.MapGet("/comments", ListAsync).Produces<Api.PageDto<ModerationCommentDto>>().Produces(StatusCodes.Status401Unauthorized).Produces(StatusCodes.Status403Forbidden)
            .WithSummary("Comments by status, newest first (bearer token or newsroom cookie, moderator role)");
        api.MapPost("/comments/{id:long}/approve", ApproveAsync).DisableAntiforgery().Produces<ModerationResult>().Produces(StatusCodes.Status404NotFound)
            .WithSummary("Publish a comment");
        api.MapPost("/comments/{id:long}/reject", RejectAsync).DisableAntiforgery().Accepts<RejectRequest>("application/json").Produces<ModerationResult>()
            .Produces(StatusCodes.Status404NotFound).WithSummary("Reject a comment, with an optional reason");
        api.MapPost("/comments/{id:long}/feature", (long id, HttpContext http, ModerationDesk desk, CancellationToken ct) => FeatureAsync(id, true, http, desk, ct))
            .DisableAntiforgery().Produces<ModerationResult>().Produces(StatusCodes.Status404NotFound).Produces(StatusCodes.Status409Conflict)
            .WithSummary("Feature a comment «نظر برگزیده» (shown first and marked; a waiting comment is published too)");
        api.MapPost("/comments/{id:long}/unfeature", (long id, HttpContext http, ModerationDesk desk, CancellationToken ct) => FeatureAsync(id, false, http, desk, ct))
            .DisableAntiforgery().Produces<ModerationResult>().Produces(StatusCodes.Status404NotFound).WithSummary("Stop featuring a comment");
    }

    private static async Task<IResult> FeatureAsync(long id, bool featured, HttpContext http, ModerationDesk desk, CancellationToken ct)
    {
        if (CrossSite.IsCrossSitePost(http))
        {
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.CrossSite);
        }

        return await desk.FeatureAsync(id, featured, http.User, ct) switch
        {
            null => ApiErrors.NotFound("نظری با این شناسه پیدا نشد."),
            false => ApiErrors.Problem(StatusCodes.Status409Conflict, "نظر ردشده را نمی‌توان برگزید؛ نخست آن را به صف بازگردانید یا تأیید کنید."),
            true => Results.Ok(new ModerationResult(id, featured ? "featured" : "published")),
        };
    }

    private static async Task<IResult> ListAsync(NewsDb db, string? status, int? page, CancellationToken ct)
    {
        CommentStatus? wanted = (status ?? "pending").ToLowerInvariant() switch
        {
            "pending" => CommentStatus.Pending,
            "published" => CommentStatus.Published,
            "rejected" => CommentStatus.Rejected,
            _ => null,
        };
        if (wanted is null)
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, "وضعیت باید pending، published یا rejected باشد.");
        }

        const int pageSize = 50;
        var current = Pager.Clamp(page);
        var query = db.Comments.AsNoTracking().Where(c => c.Status == wanted);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip((current - 1) * pageSize).Take(pageSize)
            .Select(c => new
            {
                c.Id, c.Article!.Code, c.Article.Title, c.Article.Slug, c.ParentId, c.Name, c.Email, c.CountryCode, c.Ip,
                c.Text, c.Status, c.CreatedAt, c.RejectionReason, c.IsStaff, c.IsFeatured,
            })
            .ToListAsync(ct);
        var items = rows.Select(c => new ModerationCommentDto(
            c.Id, new ModerationArticleDto(c.Code, c.Title, Urls.Article(c.Code, c.Slug)), c.ParentId, c.Name, c.Email,
            c.CountryCode, c.Ip, c.Text, c.Status.ToString().ToLowerInvariant(), ApiDates.Iso(c.CreatedAt),
            ApiDates.Jalali(c.CreatedAt), c.RejectionReason, c.IsStaff, c.IsFeatured)).ToList();
        return Results.Ok(new PageDto<ModerationCommentDto>(total, current, pageSize, items));
    }

    private static async Task<IResult> ApproveAsync(long id, HttpContext http, ModerationDesk desk, CancellationToken ct)
    {
        if (CrossSite.IsCrossSitePost(http))
        {
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.CrossSite);
        }

        return await desk.ApproveAsync([id], http.User, ct) == 1
            ? Results.Ok(new ModerationResult(id, "published"))
            : ApiErrors.NotFound("نظری با این شناسه پیدا نشد.");
    }

    private static async Task<IResult> RejectAsync(
        long id, HttpContext http, ModerationDesk desk, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (CrossSite.IsCrossSitePost(http))
        {
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, CommentMessages.CrossSite);
        }

        string? reason = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            if (!http.Request.HasJsonContentType())
            {
                return ApiErrors.Problem(StatusCodes.Status415UnsupportedMediaType, "بدنهٔ درخواست باید JSON (application/json) باشد.");
            }

            try
            {
                reason = (await JsonSerializer.DeserializeAsync<RejectRequest>(http.Request.Body, json.Value.SerializerOptions, ct))?.Reason;
            }
            catch (JsonException)
            {
                return ApiErrors.Problem(StatusCodes.Status400BadRequest, "بدنهٔ درخواست JSON معتبر نیست.");
            }
        }

        return await desk.RejectAsync([id], reason, http.User, ct) == 1
            ? Results.Ok(new ModerationResult(id, "rejected"))
            : ApiErrors.NotFound("نظری با این شناسه پیدا نشد.");
    }
}
