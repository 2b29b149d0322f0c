using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Khabar.Features.Comments;

/// <summary>
/// Refuses posts made from another site by the browser's own word on it (Sec-Fetch-Site, else Origin).
/// Unlike an antiforgery token, this needs nothing per visitor in the page, so article pages stay cacheable.
/// Clients that send neither header are not browsers acting for a visitor, and are let through.
/// </summary>
public static class CrossSite
{
    public const string MessageKey = "khabar.message";

    public static bool IsCrossSitePost(HttpContext context)
    {
        var headers = context.Request.Headers;
        var fetchSite = headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
        {
            return fetchSite is not ("same-origin" or "none");
        }

        var origin = headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return true;
        }

        if (string.Equals(originUri.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var baseUrl = context.RequestServices.GetRequiredService<IOptions<KhabarOptions>>().Value.BaseUrl;
        return !(Uri.TryCreate(baseUrl, UriKind.Absolute, out var site)
            && string.Equals(site.Authority, originUri.Authority, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A 403 whose Persian page says why.</summary>
    public static IActionResult Refuse(HttpContext context)
    {
        context.Items[MessageKey] = CommentMessages.CrossSite;
        return new StatusCodeResult(StatusCodes.Status403Forbidden);
    }
}
