using System.Collections.Concurrent;

namespace Khabar.Features.Caching;

/// <summary>One piece of work per key at a time: the first caller does it, the others wait for its result.</summary>
internal sealed class SingleFlight<T>
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<T>> _running = new(StringComparer.Ordinal);

    /// <summary>The first caller gets true and must <see cref="Finish"/>; others get false and wait on <paramref name="pending"/>.</summary>
    public bool TryStart(string key, out Task<T> pending)
    {
        var mine = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var current = _running.GetOrAdd(key, mine);
        pending = current.Task;
        return ReferenceEquals(current, mine);
    }

    public void Finish(string key, T result)
    {
        if (_running.TryRemove(key, out var waiting))
        {
            waiting.TrySetResult(result);
        }
    }
}
