using Khabar.Features.Newsroom.Editor;
using Khabar.Storage;

namespace Khabar.Features.Newsroom;

/// <summary>The newsroom: sign-in and its throttle, users, the editor, scheduled publishing, uploaded media.</summary>
public static class NewsroomFeature
{
    public static void AddNewsroom(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var dataDirectory = Database.DataDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddNewsroomAuth();
        KeyRingSecret.AddKeyRingProtection(services, builder.Configuration, dataDirectory);
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<NewsroomUsers>();
        services.AddScoped<ArticleEditor>();
        services.AddHostedService<ScheduledPublisher>();
        var media = Database.MediaDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(sp => new MediaStore(media, sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<Story.StoryDesk>();
        services.AddHostedService<MediaJanitor>();
    }

    public static void MapNewsroom(this WebApplication app)
    {
        app.MapEditorApi();
        var media = app.Services.GetRequiredService<MediaStore>();
        Directory.CreateDirectory(media.Root);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/media",
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(media.Root),
            // Every upload gets a new name, so a file never changes.
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
        });
    }
}
