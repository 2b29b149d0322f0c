namespace Khabar.Features.Caching;

/// <summary>The page cache, its Redis store when configured, its janitor, and the fragment cache.</summary>
public static class CachingFeature
{
    public static void AddCaching(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddSharedPageStore(services, builder.Configuration);
        services.AddSingleton<PageCache>();
        services.AddHostedService<PageCacheJanitor>();
        services.AddSingleton<FragmentCache>();
    }

    private static void AddSharedPageStore(IServiceCollection services, ConfigurationManager configuration)
    {
        var settings = configuration.GetSection(KhabarOptions.Section).Get<KhabarOptions>() ?? new KhabarOptions();
        if (!string.Equals(settings.OutputCache.Store, "Redis", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (settings.Redis is not { Length: > 0 })
        {
            throw new InvalidOperationException("Khabar:OutputCache:Store is Redis but Khabar:Redis (e.g. 127.0.0.1:6379) is empty.");
        }

        // On the one connection of this process (Shared.SiteRedis).
        services.AddSingleton(sp => new SharedPageStore(sp.GetRequiredService<Shared.SiteRedis>().Multiplexer, settings.OutputCache.RedisPrefix,
            TimeSpan.FromSeconds(Math.Max(1, settings.OutputCache.LifetimeSeconds))));
    }
}
