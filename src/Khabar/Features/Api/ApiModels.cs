using Khabar.Features.Shared;

namespace Khabar.Features.Api;

/// <summary>JSON shapes of /api/v1 (snake_case on the wire): machine dates are ISO 8601 UTC, each with a Jalali twin for display.</summary>
public sealed record ServiceDto(string Slug, string Name);

public sealed record ArticleSummaryDto(
    long Code, string Url, string Rotitr, string Title, string Lead, ServiceDto Service, string? ImageUrl,
    string PublishedAt, string PublishedAtJalali, string Type);

public sealed record CommentCountsDto(int Published, int Pending);

public sealed record ArticleDto(
    long Code, string Url, string ShortUrl, string Rotitr, string Title, string Lead, string BodyHtml, ServiceDto Service,
    IReadOnlyList<string> Tags, string? ImageUrl, string? ImageCaption, string? Source, string PublishedAt,
    string PublishedAtJalali, string UpdatedAt, string UpdatedAtJalali, CommentCountsDto Comments, string Type,
    IReadOnlyList<AuthorDto> Authors, IReadOnlyList<LiveEntryDto> Live, string? LiveEndedAt, IReadOnlyList<PhotoDto> Photos,
    VideoDto? Video, IReadOnlyList<CorrectionDto> Corrections, string? BreakingUntil);

public sealed record AuthorDto(string Name, string Slug, string Url);

public sealed record PhotoDto(string Src, string Caption, string Credit);

public sealed record VideoDto(string Src, string? Poster, bool Embedded);

public sealed record CorrectionDto(string At, string AtJalali, string Text);

public sealed record CommentDto(
    long Id, long? ParentId, string Name, string? CountryCode, string? Country, string Text, string CreatedAt,
    string CreatedAtJalali, int Likes, int Dislikes, bool Featured);

public sealed record PageDto<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

public sealed record CommentRequest(string? Name, string? Email, string? Text, long? ParentId);

public sealed record CommentAccepted(long Id, string Status);

public static class ApiDates
{
    public static string Iso(DateTime utc) => PersianFormat.Iso(utc);

    public static string Jalali(DateTime utc) => Persian.Jalali.FormatDateTime(utc);
}
