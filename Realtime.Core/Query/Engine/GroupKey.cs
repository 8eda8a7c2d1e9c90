namespace Realtime.Core.Query.Engine;

/// <summary>A result group across indexes: its time bucket and its dimension values.</summary>
internal readonly struct GroupKey(long bucket, string?[] values) : IEquatable<GroupKey>
{
    /// <summary>The bucket start.</summary>
    public long Bucket { get; } = bucket;

    /// <summary>The dimension values, in query order.</summary>
    public string?[] Values { get; } = values;

    /// <inheritdoc />
    public bool Equals(GroupKey other)
    {
        if (Bucket != other.Bucket || Values.Length != other.Values.Length)
        {
            return false;
        }

        for (var i = 0; i < Values.Length; i++)
        {
            if (!string.Equals(Values[i], other.Values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Bucket);
        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
