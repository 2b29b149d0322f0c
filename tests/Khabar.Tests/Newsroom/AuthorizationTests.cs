using System.Net;
using System.Net.Http.Headers;
using Khabar.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Newsroom;

public class AuthorizationTests
{
    /// <summary>Every endpoint of the newsroom and the moderation API, from the app's own route table.</summary>
    private static List<(string Method, string Url, RouteEndpoint Endpoint)> NewsroomEndpoints(KhabarFactory factory)
    {
        var sources = factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var result = new List<(string, string, RouteEndpoint)>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var raw = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (!raw.StartsWith("/newsroom", StringComparison.Ordinal) && !raw.StartsWith("/api/v1/moderation", StringComparison.Ordinal))
            {
                continue;
            }

            var url = System.Text.RegularExpressions.Regex.Replace(raw, "\\{[^}]+\\}", "1");
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                result.Add((method, url, endpoint));
            }
        }

        return result;
    }

    [Fact]
    public async Task EveryNewsroomEndpoint_HasAnAuthorizationPolicy_ExceptLogin()
    {
        await using var factory = new KhabarFactory();
        var endpoints = NewsroomEndpoints(factory);
        Assert.True(endpoints.Count >= 12, $"only {endpoints.Count} newsroom endpoints found");
        foreach (var (method, url, endpoint) in endpoints)
        {
            var open = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
            if (url == "/newsroom/login")
            {
                Assert.True(open, "login must be reachable");
                continue;
            }

            Assert.False(open, $"{method} {url} allows anonymous users");
            Assert.NotEmpty(policies);
        }
    }

    [Fact]
    public async Task EveryNewsroomEndpoint_RefusesAnonymous_PagesToLoginApisWith401()
    {
        await using var factory = new KhabarFactory();
        var client = factory.Client();
        foreach (var (method, url, _) in NewsroomEndpoints(factory).Where(e => e.Url != "/newsroom/login"))
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            if (url.Contains("/api/", StringComparison.Ordinal)) // /api/v1/moderation and the newsroom's own /newsroom/api
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url}: {response.StatusCode}");
            }
            else if (method == "GET")
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {url}: {response.StatusCode}");
                Assert.StartsWith("/newsroom/login", response.Headers.Location!.PathAndQuery);
            }
            else
            {
                // A POST without a session is refused before it can do anything (login redirect or antiforgery 400).
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{method} {url}: {response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task EveryNewsroomEndpoint_RefusesASignedInAccountWithoutRole_With403()
    {
        await using var factory = new KhabarFactory();
        var token = await Staff.TokenAsync(factory, await Staff.CreateWithoutRoleAsync(factory));
        var client = factory.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (method, url, _) in NewsroomEndpoints(factory).Where(e => e.Url != "/newsroom/login" && e.Method == "GET" || e.Url.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {url}: {response.StatusCode}");
        }
    }

    [Theory]
    [InlineData(Roles.Reporter, "/newsroom/moderation", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Reporter, "/newsroom/moderation/words", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Reporter, "/api/v1/moderation/comments", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Reporter, "/newsroom/users", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Reporter, "/newsroom/articles", HttpStatusCode.OK)]
    [InlineData(Roles.Moderator, "/newsroom/articles", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Moderator, "/newsroom/audit", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Moderator, "/newsroom/moderation", HttpStatusCode.OK)]
    [InlineData(Roles.Moderator, "/api/v1/moderation/comments", HttpStatusCode.OK)]
    [InlineData(Roles.Editor, "/newsroom/users", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Editor, "/newsroom/moderation", HttpStatusCode.OK)]
    [InlineData(Roles.Admin, "/newsroom/audit", HttpStatusCode.OK)]
    [InlineData(Roles.Admin, "/newsroom/users", HttpStatusCode.OK)]
    public async Task Role_GetsOnlyWhatItMay(string role, string url, HttpStatusCode expected)
    {
        await using var factory = new KhabarFactory();
        var client = await Staff.BearerClientAsync(factory, role);
        var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden && !url.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Contains("دسترسی ممکن نیست", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task KeyRing_IsLoadedAfterStartUp_NotBeforeListening_AndSignInWorks()
    {
        // The framework's hosted service would read the key ring from the database before the server listens;
        // KeyRingWarmup replaces it (a cold-start saving). If the framework renames its type, the removal stops
        // working silently: this fails instead.
        await using var factory = new KhabarFactory();
        var hosted = factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().FullName).ToList();
        Assert.DoesNotContain("Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService", hosted);
        Assert.Contains(typeof(Khabar.Features.Newsroom.KeyRingWarmup).FullName, hosted);

        var client = await Staff.CookieClientAsync(factory, Roles.Editor);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/newsroom")).StatusCode);
    }

    private static async Task<HttpResponseMessage> LoginFromAsync(KhabarFactory factory, string address, string email, string password)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/newsroom/login");
        var request = new HttpRequestMessage(HttpMethod.Post, "/newsroom/login")
        {
            Content = Http.Form(("email", email), ("password", password), ("returnUrl", "/newsroom"), ("__RequestVerificationToken", Staff.Antiforgery(page))),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Login_FiveWrongPasswordsFromOneAddress_CloseTheAccountToThatAddressOnly()
    {
        await using var factory = new KhabarFactory();
        var email = await Staff.CreateAsync(factory, Roles.Editor);
        var token = await Staff.TokenAsync(factory, email);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await LoginFromAsync(factory, "203.0.113.7", email, "not-the-password-1")).StatusCode);
        }

        // The stranger's address is closed, even with the right password…
        var locked = await LoginFromAsync(factory, "203.0.113.7", email, Staff.Password);
        Assert.Equal((HttpStatusCode)423, locked.StatusCode);
        Assert.Contains("ورود به این حساب از اینجا تا ۱۵ دقیقه بسته است", await locked.Content.ReadAsStringAsync());
        // …but the owner, from their own address, signs in, and the account's API token keeps working.
        Assert.Equal(HttpStatusCode.Redirect, (await LoginFromAsync(factory, "198.51.100.20", email, Staff.Password)).StatusCode);
        var api = factory.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/moderation/comments")).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownAndKnownAccounts_GetTheSameAnswers()
    {
        await using var factory = new KhabarFactory();
        var known = await Staff.CreateAsync(factory, Roles.Editor);
        const string Unknown = "nobody-here@newsroom.test";
        var answers = new Dictionary<string, List<(HttpStatusCode, string)>> { [known] = [], [Unknown] = [] };
        foreach (var email in answers.Keys)
        {
            for (var i = 0; i < 6; i++)
            {
                var response = await LoginFromAsync(factory, email == known ? "203.0.113.8" : "203.0.113.9", email, "not-the-password-2");
                var body = await response.Content.ReadAsStringAsync();
                var error = System.Text.RegularExpressions.Regex.Match(body, "<p class=\"notice error\"[^>]*>([^<]+)</p>").Groups[1].Value;
                answers[email].Add((response.StatusCode, error));
            }
        }

        Assert.Equal(answers[known], answers[Unknown]);
        Assert.Equal((HttpStatusCode)423, answers[Unknown][^1].Item1);
    }

    [Fact]
    public async Task Login_RightPassword_OpensTheDashboardAndLogoutEndsIt()
    {
        await using var factory = new KhabarFactory();
        var client = await Staff.CookieClientAsync(factory, Roles.Editor);
        var dashboard = await client.GetStringAsync("/newsroom");
        Assert.Contains("پیشخوان", dashboard);
        Assert.Contains("نظرهای در انتظار بررسی", dashboard);

        var logout = await client.PostAsync("/newsroom/logout", Http.Form(("__RequestVerificationToken", Staff.Antiforgery(dashboard))));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/newsroom")).StatusCode);
    }

    [Fact]
    public async Task Login_FromOutsideReturnUrl_StaysInTheNewsroom()
    {
        await using var factory = new KhabarFactory();
        var email = await Staff.CreateAsync(factory, Roles.Editor);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/newsroom/login");
        var response = await client.PostAsync("/newsroom/login", Http.Form(
            ("email", email), ("password", Staff.Password), ("returnUrl", "https://evil.example/"), ("__RequestVerificationToken", Staff.Antiforgery(page))));
        Assert.Equal("/newsroom", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task PanelPost_WithoutAntiforgeryToken_IsRefused()
    {
        await using var factory = new KhabarFactory();
        var client = await Staff.CookieClientAsync(factory, Roles.Moderator);
        var response = await client.PostAsync("/newsroom/moderation?handler=Approve&id=1", Http.Form(("x", "y")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RevokedToken_NoLongerWorks()
    {
        await using var factory = new KhabarFactory();
        var email = await Staff.CreateAsync(factory, Roles.Moderator);
        var token = await Staff.TokenAsync(factory, email);
        var client = factory.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/moderation/comments")).StatusCode);
        await factory.WithDbAsync(async db =>
        {
            foreach (var t in db.ApiTokens)
            {
                t.RevokedAt = DateTime.UnixEpoch;
            }

            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/moderation/comments")).StatusCode);
    }
}
