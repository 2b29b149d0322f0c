namespace Khabar.Features.Moderation;

/// <summary>The moderation desk, its word lists and block list, and the moderation API.</summary>
public static class ModerationFeature
{
    public static void AddModeration(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ModerationDesk>();
        builder.Services.AddSingleton<WordFilter>();
        builder.Services.AddSingleton<BlockList>();
    }

    public static void MapModeration(this WebApplication app) => app.MapModerationApi();
}
