namespace Khabar.Features.Comments;

/// <summary>Comment intake (form and API), its group-committing writer, votes, and their limits.</summary>
public static class CommentsFeature
{
    public static void AddComments(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<CommentRateLimiter>();
        services.AddScoped<CommentIntake>();
        services.AddSingleton<CommentWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<CommentWriter>());
        services.AddSingleton<VoteLimiter>();
        services.AddSingleton<VoteWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<VoteWriter>());
    }

    public static void MapComments(this WebApplication app) => app.MapCommentEndpoints();
}
