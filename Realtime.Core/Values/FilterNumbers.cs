using System.Globalization;

namespace Realtime.Core.Values;

/// <summary>Reads filter values as numbers, as Druid does when comparing them with numeric columns.</summary>
internal static class FilterNumbers
{
    /// <summary>Parses an integer without fraction or exponent.</summary>
    public static bool TryLong(string? text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses any finite decimal number, with optional exponent.</summary>
    public static bool TryDouble(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Parses a number exactly when it fits a decimal.</summary>
    public static bool TryDecimal(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
