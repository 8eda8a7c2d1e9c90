using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>The <c>in</c> filter: the column equals one of <see cref="Values"/> (a null or empty entry matches rows without a value).</summary>
public sealed class InDimFilter : DimensionFilter
{
    /// <summary>The accepted values.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string?> Values { get; init; } = [];

    /// <inheritdoc />
    private protected override string TypeName => "in";

    /// <inheritdoc />
    public override ValuePredicate CreatePredicate()
    {
        var texts = new HashSet<string?>(StringComparer.Ordinal);
        var longs = new HashSet<long>();
        var doubles = new HashSet<double>();
        foreach (var value in Values)
        {
            texts.Add(string.IsNullOrEmpty(value) ? null : value);
            if (FilterNumbers.TryLong(value, out var l))
            {
                longs.Add(l);
            }

            if (FilterNumbers.TryDouble(value, out var d))
            {
                doubles.Add(d);
            }
        }

        return new ValuePredicate(texts.Contains, l => longs.Contains(l) || doubles.Contains(l), doubles.Contains);
    }
}
