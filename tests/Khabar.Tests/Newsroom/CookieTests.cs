using System.Net;
using Khabar.Storage;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Khabar.Tests.Newsroom;

/// <summary>The newsroom session cookie: HttpOnly and SameSite always, Secure whenever the site is reached over HTTPS.</summary>
public sealed class CookieTests
{
    private static async Task<string> SessionCookieAsync(KhabarFactory factory, string origin)
    {
        var email = await Staff.CreateAsync(factory, Roles.Editor);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(origin) });
        var response = await Staff.LoginAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".khabar.newsroom=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewsroomSessionCookie_IsHttpOnlyAndSameSite_AndSecureBehindHttps()
    {
        await using var factory = new KhabarFactory();
        var https = await SessionCookieAsync(factory, "https://localhost");
        Assert.Contains("; httponly", https, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=lax", https, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", https, StringComparison.OrdinalIgnoreCase);

        var http = await SessionCookieAsync(factory, "http://localhost");
        Assert.Contains("; httponly", http, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", http, StringComparison.OrdinalIgnoreCase); // a plain-HTTP development site still signs in
    }
}
