using System.Globalization;
using Realtime.Core.Query.Dimensions;

namespace Realtime.Core.Query.Engine;

/// <summary>Converts a grouped dimension value to the spec's output type (<c>LONG</c>, <c>FLOAT</c>, <c>DOUBLE</c> or text).</summary>
internal static class DimensionOutput
{
    public static object? Convert(DimensionSpec spec, string? value) => spec.OutputType.ToUpperInvariant() switch
    {
        "LONG" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var l) ? (long)l : 0L,
        "FLOAT" => float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 0f,
        "DOUBLE" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0.0,
        _ => value,
    };
}
