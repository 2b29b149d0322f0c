using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Caching.Memory;

namespace Khabar.Features.Caching;

/// <summary>
/// One piece of a page: a partial view, its model, and the key it is kept under — made of the stamps of its data
/// (<see cref="Shared.SiteDataCache"/>), so new data means a new key; null renders it for every request (a posted form).
/// </summary>
public sealed record Fragment(string View, string? Key, Func<object?> Model);

/// <summary>
/// The one cache of rendered fragments: partial views rendered to UTF-8 bytes outside a page and kept by key in a
/// bounded memory cache, for every page built from <see cref="Fragment"/> lists (the article page). Keys carry their
/// data's stamps, so a change makes new keys and the old entries age out; <see cref="Clear"/> drops them all.
/// </summary>
public sealed class FragmentCache(ICompositeViewEngine views, ITempDataProvider tempData, IModelMetadataProvider metadata) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 32L * 1024 * 1024 });

    public void Dispose() => _cache.Dispose();

    /// <summary>How many fragments are kept now.</summary>
    public int Count => _cache.Count;

    /// <summary>Marks a context whose renders are not kept (the start-up warm-up's: not a reader's request).</summary>
    public static readonly object RenderOnly = new();

    /// <summary>Drops every fragment (the change bus, on a change to content as a whole); renders in flight store into the same cache.</summary>
    public void Clear() => _cache.Compact(1.0);

    /// <summary>Each fragment's bytes, in order: kept ones from the cache, the others rendered now.</summary>
    public async ValueTask<byte[][]> RenderAsync(HttpContext context, IReadOnlyList<Fragment> fragments)
    {
        var parts = new byte[fragments.Count][];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = await GetAsync(context, fragments[i]);
        }

        return parts;
    }

    private async ValueTask<byte[]> GetAsync(HttpContext context, Fragment fragment)
    {
        if (fragment.Key is not { } key || context.Items.ContainsKey(RenderOnly))
        {
            return await RenderAsync(context, fragment.View, fragment.Model());
        }

        if (_cache.TryGetValue(key, out byte[]? bytes) && bytes is not null)
        {
            return bytes;
        }

        bytes = await RenderAsync(context, fragment.View, fragment.Model());
        _cache.Set(key, bytes, new MemoryCacheEntryOptions { Size = bytes.Length + key.Length, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return bytes;
    }

    private async Task<byte[]> RenderAsync(HttpContext context, string viewPath, object? model)
    {
        var action = new ActionContext(context, context.GetRouteData(), new ActionDescriptor());
        var view = views.GetView(executingFilePath: null, viewPath, isMainPage: false).View
            ?? throw new InvalidOperationException($"No view at {viewPath}");
        await using var writer = new StringWriter();
        var viewData = new ViewDataDictionary(metadata, new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(action, view, viewData, new TempDataDictionary(context, tempData), writer, new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return Encoding.UTF8.GetBytes(writer.ToString());
    }
}
