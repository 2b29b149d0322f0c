using Khabar.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khabar.Features.Shared;

public sealed record ServiceLink(int Id, string Slug, string Name, string Color)
{
    public string Url => Urls.Service(Slug);
}

/// <summary>The services shown in every page's navigation, read once and kept until a write changes them.</summary>
public sealed class SiteNavigation(IServiceScopeFactory scopes)
{
    private volatile IReadOnlyList<ServiceLink>? _services;
    private long _stamp;

    /// <summary>Changes whenever the list is read anew: part of the key of anything rendered from it.</summary>
    public long Stamp => Interlocked.Read(ref _stamp);

    public async ValueTask<IReadOnlyList<ServiceLink>> ServicesAsync(CancellationToken ct = default)
    {
        if (_services is { } cached)
        {
            return cached;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDb>();
        var services = await db.Services.AsNoTracking()
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
            .Select(s => new ServiceLink(s.Id, s.Slug, s.Name, s.Color))
            .ToListAsync(ct);
        Interlocked.Increment(ref _stamp);
        _services = services;
        return services;
    }

    public void Invalidate() => _services = null;
}
