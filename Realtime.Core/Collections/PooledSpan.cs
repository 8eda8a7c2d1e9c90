using System.Buffers;

namespace Realtime.Core.Collections;

/// <summary>A span over an array rented from the shared pool, returned on dispose; its contents start undefined.</summary>
internal readonly struct PooledSpan<T>(int length) : IDisposable
{
    private readonly T[] _array = ArrayPool<T>.Shared.Rent(length);

    /// <summary>The requested length of the rented array.</summary>
    public Span<T> Span => _array.AsSpan(0, length);

    /// <summary>Returns the array to the pool; the span must not be used afterwards.</summary>
    public void Dispose() => ArrayPool<T>.Shared.Return(_array);
}
