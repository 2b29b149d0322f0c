using Microsoft.AspNetCore.Http.Features;

namespace Khabar.Features.Shared;

/// <summary>Why a request body was refused, in Persian, with its status (400 or 413).</summary>
public sealed record BodyRefusal(int Status, string Message)
{
    public const string Unreadable = "فرم ارسالی خوانا نیست: نویسه‌های نامعتبر یا ساختاری نادرست دارد.";
    public const string TooLarge = "حجم درخواست بیش از اندازهٔ مجاز است.";

    /// <summary>The refusal for an exception thrown while a body was read, or null when it is not about the body.</summary>
    public static BodyRefusal? Of(Exception e) => e switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(StatusCodes.Status413PayloadTooLarge, TooLarge),
        BadHttpRequestException bad => new(bad.StatusCode, Unreadable),
        InvalidDataException => new(StatusCodes.Status400BadRequest, Unreadable), // form reader: invalid characters, limits
        _ => null,
    };
}

/// <summary>Reads a posted form without letting a malformed or oversized body become a 500.</summary>
public static class Forms
{
    public static async Task<(IFormCollection Form, BodyRefusal? Refused)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (FormCollection.Empty, null);
        }

        try
        {
            return (await request.ReadFormAsync(ct), null);
        }
        catch (Exception e) when (BodyRefusal.Of(e) is not null)
        {
            return (FormCollection.Empty, BodyRefusal.Of(e));
        }
    }

    /// <summary>The body size limit of this request, when the server lets it be changed (Kestrel before the body is read).</summary>
    public static void LimitBody(HttpContext http, long bytes)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = bytes;
        }
    }
}
