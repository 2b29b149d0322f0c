using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Khabar.Features.Newsroom;
using Khabar.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Khabar.Tests.Newsroom;

/// <summary>Newsroom members for tests: real accounts, real tokens, real sign-in through the login form.</summary>
public static partial class Staff
{
    public const string Password = "a-long-pass-2024";

    public static async Task<string> CreateAsync(KhabarFactory factory, string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@newsroom.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<NewsroomUsers>().CreateOrUpdateAsync(email, Password, role, null);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return email;
    }

    /// <summary>An account with no role at all: signed in, but a member of nothing.</summary>
    public static async Task<string> CreateWithoutRoleAsync(KhabarFactory factory)
    {
        var email = $"norole-{Guid.NewGuid():N}@newsroom.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NewsUser>>();
        var created = await users.CreateAsync(new NewsUser { UserName = email, Email = email }, Password);
        Assert.True(created.Succeeded);
        return email;
    }

    public static async Task<string> TokenAsync(KhabarFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<NewsUser>>().FindByEmailAsync(email);
        return await scope.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user!, "test", CancellationToken.None);
    }

    public static async Task<HttpClient> BearerClientAsync(KhabarFactory factory, string role)
    {
        var token = await TokenAsync(factory, await CreateAsync(factory, role));
        var client = factory.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    public static string Antiforgery(string html) => AntiforgeryField().Match(html).Groups[1].Value;

    /// <summary>Signs in through /newsroom/login; the client keeps the cookie.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password = Password)
    {
        var page = await client.GetStringAsync("/newsroom/login");
        return await client.PostAsync("/newsroom/login", Http.Form(
            ("email", email), ("password", password), ("returnUrl", "/newsroom"), ("__RequestVerificationToken", Antiforgery(page))));
    }

    /// <summary>A client signed in with the panel cookie as a new member with this role.</summary>
    public static async Task<HttpClient> CookieClientAsync(KhabarFactory factory, string role)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await LoginAsync(client, await CreateAsync(factory, role));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }
}
