using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Khabar.Storage;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Newsroom;

/// <summary>
/// Every endpoint of the app's route table × {anonymous, reporter, moderator, editor, admin, token} → the expected
/// status. Who may use an endpoint is written once below; an endpoint missing from that list fails the test,
/// so a new endpoint cannot ship without a row.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private const string Public = "public";

    private static readonly string[] Writers = [Roles.Admin, Roles.Editor, Roles.Reporter];
    private static readonly string[] Publishers = [Roles.Admin, Roles.Editor];
    private static readonly string[] Moderators = [Roles.Admin, Roles.Editor, Roles.Moderator];
    private static readonly string[] Admins = [Roles.Admin];

    /// <summary>Who may use each route (pattern as in the route table): null for everyone.</summary>
    private static readonly Dictionary<string, string[]?> Rules = new(StringComparer.Ordinal)
    {
        ["/"] = null, ["/search"] = null, ["/status/{code:int}"] = null, ["/service/{slug}"] = null, ["/archive"] = null,
        ["/tag/{name}"] = null, ["/news/{code:long}/print"] = null, ["/news/{code:long}/{slug?}"] = null, ["/x/{code:long}"] = null,
        ["/api/v1/articles"] = null, ["/api/v1/articles/{code:long}"] = null, ["/api/v1/articles/{code:long}/comments"] = null,
        ["/api/v1/search"] = null, ["/comments/{id:long}/vote"] = null,
        ["/rss"] = null, ["/atom"] = null, ["/service/{slug}/rss"] = null, ["/service/{slug}/atom"] = null,
        ["/tag/{name}/rss"] = null, ["/tag/{name}/atom"] = null,
        ["/author/{slug}"] = null, ["/author/{slug}/rss"] = null, ["/author/{slug}/atom"] = null, ["/source/{name}"] = null,
        ["/{kind:regex(^(photo|video)$)}"] = null, ["/api/v1/articles/{code:long}/live"] = null,
        ["/sitemap.xml"] = null, ["/sitemap-pages.xml"] = null, ["/sitemap-articles-{number:int}.xml"] = null, ["/sitemap-news.xml"] = null,
        ["/{**path:file}"] = null, ["/css/services.css"] = null, ["/robots.txt"] = null, ["/healthz"] = null, ["/openapi/{documentName}.json"] = null, ["/newsroom/login"] = null,
        ["/newsroom"] = Roles.All, ["/newsroom/tokens"] = Roles.All, ["/newsroom/logout"] = Roles.All,
        ["/newsroom/articles"] = Writers, ["/newsroom/articles/{code:long}/revisions"] = Writers,
        ["/newsroom/articles/edit/{code:long?}"] = Writers, ["/newsroom/articles/{code:long}/preview"] = Writers, ["/newsroom/articles/preview"] = Writers, ["/newsroom/api/tags"] = Writers,
        ["/newsroom/home"] = Publishers,
        ["/newsroom/moderation"] = Moderators, ["/newsroom/moderation/words"] = Moderators, ["/newsroom/moderation/blocks"] = Moderators,
        ["/api/v1/moderation/comments"] = Moderators, ["/api/v1/moderation/comments/{id:long}/approve"] = Moderators,
        ["/api/v1/moderation/comments/{id:long}/reject"] = Moderators, ["/api/v1/moderation/comments/{id:long}/feature"] = Moderators,
        ["/api/v1/moderation/comments/{id:long}/unfeature"] = Moderators, ["/newsroom/articles/{code:long}/story"] = Writers,
        ["/newsroom/users"] = Admins, ["/newsroom/audit"] = Admins,
    };

    /// <summary>The editor of one article, where a reporter may only open their own (the test's article is not theirs);
    /// preview and history are open to every writer, as the list of articles is.</summary>
    private static readonly HashSet<string> OwnArticlesOnly = ["/newsroom/articles/edit/{code:long?}", "/newsroom/articles/{code:long}/story"];

    [GeneratedRegex("\\{\\**([a-zA-Z]+)(:[^}]*)?\\??\\}")]
    private static partial Regex Parameter();

    private sealed record Principal(string Name, string? Role, HttpClient Client, string? Antiforgery);

    [Fact]
    public async Task EveryEndpoint_ForEveryKindOfCaller_AnswersAsTheRulesSay()
    {
        await using var factory = new KhabarFactory();
        await factory.ImportAsync(Samples.ReferenceArticle());
        var commentId = await factory.WithDbAsync(db => db.Comments.Select(c => c.Id).FirstAsync());
        var values = new Dictionary<string, string>
        {
            ["code"] = Samples.Code.ToString(CultureInfo.InvariantCulture), ["slug"] = "politics", ["name"] = Uri.EscapeDataString("شورای شهر"),
            ["id"] = commentId.ToString(CultureInfo.InvariantCulture), ["number"] = "1", ["kind"] = "photo", ["documentName"] = "v1", ["path"] = "favicon.svg",
        };

        // Every endpoint of the route table, the static files of wwwroot (public by nature) among them.
        var endpoints = new List<(string Method, string Pattern, string Url)>();
        var unknown = new List<string>();
        foreach (var endpoint in factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (pattern == "/status/{code:int}" && endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is null && endpoints.Any(e => e.Pattern == pattern))
            {
                continue;
            }

            var staticFile = endpoint.Metadata.Any(m => m.GetType().Name.StartsWith("StaticAsset", StringComparison.Ordinal));
            if (staticFile)
            {
                Rules.TryAdd(pattern, null); // wwwroot, served the same to everyone
            }

            if (!Rules.ContainsKey(pattern))
            {
                unknown.Add($"{pattern} ({endpoint.DisplayName})");
                continue;
            }

            var url = Parameter().Replace(pattern, m => m.Value.EndsWith("?}", StringComparison.Ordinal) && m.Groups[1].Value == "slug" ? "" : values[m.Groups[1].Value]).TrimEnd('/');
            url = url.Length == 0 ? "/" : url;
            if (pattern == "/status/{code:int}")
            {
                url = "/status/404";
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]; // a Razor page: any method
            endpoints.AddRange(methods.Where(m => m != "HEAD").Select(m => (m, pattern, url)));
        }

        Assert.True(unknown.Count == 0, "endpoints with no row in the authorization rules: " + string.Join(", ", unknown.Distinct()));
        Assert.True(endpoints.Count >= 50, $"only {endpoints.Count} endpoints found");
        // Sign-out last: it ends the session the other requests use.
        endpoints = [.. endpoints.Distinct().OrderBy(e => e.Pattern == "/newsroom/logout" && e.Method == "POST")];

        var principals = new List<Principal> { new("anonymous", null, factory.Client(), null) };
        foreach (var role in new[] { Roles.Reporter, Roles.Moderator, Roles.Editor, Roles.Admin })
        {
            var client = await Staff.CookieClientAsync(factory, role);
            principals.Add(new(role, role, client, Staff.Antiforgery(await client.GetStringAsync("/newsroom"))));
        }

        var token = await Staff.BearerClientAsync(factory, Roles.Editor);
        principals.Add(new("token (editor)", Roles.Editor, token, null));

        var anonymous = new Dictionary<(string, string), HttpStatusCode>();
        var cells = 0;
        var table = new StringBuilder();
        foreach (var (method, pattern, url) in endpoints)
        {
            var allowed = Rules[pattern];
            var row = new List<string>();
            foreach (var p in principals)
            {
                var response = await SendAsync(p, method, url);
                var status = response.StatusCode;
                var where = $"{p.Name} {method} {url}: {(int)status}";
                Assert.True((int)status < 500, where);
                row.Add(((int)status).ToString(CultureInfo.InvariantCulture));
                cells++;
                if (allowed is null)
                {
                    Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), where);
                    if (p.Role is null)
                    {
                        anonymous[(method, url)] = status;
                    }
                    else if (method == "GET")
                    {
                        Assert.True(status == anonymous[(method, url)] || pattern == "/newsroom/login", $"{where}, anonymous got {(int)anonymous[(method, url)]}");
                    }
                }
                else if (p.Role is null)
                {
                    var toLogin = ToLogin(response);
                    Assert.True(
                        url.Contains("/api/", StringComparison.Ordinal) ? status == HttpStatusCode.Unauthorized
                        : method == "GET" ? toLogin : toLogin || status == HttpStatusCode.BadRequest,
                        where);
                }
                else if (allowed.Contains(p.Role) && !(p.Role == Roles.Reporter && OwnArticlesOnly.Contains(pattern)))
                {
                    Assert.True(status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), where);
                    Assert.False(ToLogin(response) && pattern != "/newsroom/logout", where); // signing out ends at the login form
                }
                else
                {
                    Assert.True(status == HttpStatusCode.Forbidden, where);
                }
            }

            table.Append(CultureInfo.InvariantCulture, $"| {method} | `{pattern}` | {(allowed is null ? "everyone" : string.Join(", ", allowed) + (OwnArticlesOnly.Contains(pattern) ? " (reporter: own articles)" : ""))} | {string.Join(" | ", row)} |\n");
        }

        var header = $"| method | route | who may | {string.Join(" | ", principals.Select(p => p.Name))} |\n|---|---|---|{string.Concat(principals.Select(_ => "---|"))}\n";
        Report.Line("authorization", string.Create(CultureInfo.InvariantCulture,
            $"{endpoints.Count} endpoint × method pairs from the route table × {principals.Count} callers = **{cells} cells checked**, 0 unexpected.\n\n<details><summary>The matrix (status per caller)</summary>\n\n{header}{table}\n</details>"));
    }

    private static bool ToLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
        && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).StartsWith("/newsroom/login", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> SendAsync(Principal p, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST")
        {
            if (url.StartsWith("/api/", StringComparison.Ordinal))
            {
                request.Content = new StringContent("{\"reason\":\"آزمون\",\"name\":\"خواننده\",\"text\":\"نظر آزمون دسترسی\"}", Encoding.UTF8, "application/json");
            }
            else
            {
                var fields = new List<KeyValuePair<string, string>> { new("value", "like") };
                if (p.Antiforgery is not null)
                {
                    fields.Add(new("__RequestVerificationToken", p.Antiforgery));
                }

                request.Content = new FormUrlEncodedContent(fields);
            }
        }

        return await p.Client.SendAsync(request);
    }
}
