namespace Khabar.Hosting;

/// <summary>The security headers of every response: Content-Security-Policy (public and newsroom), nosniff, referrer policy, HSTS behind https.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool https) => app.Use(https ? WithHsts : Add);

    // Videos: files here or at any https address (media cannot run script); players framed from the allowed hosts only.
    private static readonly string PublicPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' https:; " +
        $"frame-src {string.Join(' ', Features.Articles.VideoSource.EmbedOrigins)}; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private const string NewsroomPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: https:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static Task Add(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // No X-Frame-Options: the CSP's frame-ancestors 'none' supersedes it in every browser that honours CSP 2,
        // and each header is paid for on every cached hit.
        // No inline script or style anywhere public: scripts and styles are files, service colours a class
        // (ServiceStyles). The newsroom's editor and date picker (third-party) set style attributes, so there,
        // and only there, style attributes are allowed; scripts stay files.
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/newsroom") ? NewsroomPolicy : PublicPolicy;
        return next(context);
    }

    /// <summary>The same headers and Strict-Transport-Security, when the site's configured address is https.</summary>
    private static Task WithHsts(HttpContext context, RequestDelegate next)
    {
        context.Response.Headers.StrictTransportSecurity = "max-age=31536000";
        return Add(context, next);
    }
}
