using System.Globalization;
using Realtime.Core.Parsing;
using Realtime.Core.Time;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>timeFormat</c> extraction function: an instant, truncated to <see cref="Granularity"/>, printed with the Joda
/// pattern <see cref="Format"/> in <see cref="TimeZone"/>. <c>__time</c> and long columns are epoch milliseconds; text
/// is read as ISO-8601 (or, with <see cref="AsMillis"/>, as milliseconds first). Text that is not a time gives null.
/// </summary>
public sealed class TimeFormatExtractionFn : ExtractionFn
{
    private JodaPattern? _printer;

    /// <summary>The Joda pattern of the result, or null for ISO-8601 (for epoch milliseconds with <see cref="AsMillis"/>).</summary>
    public string? Format { get; init; }

    /// <summary>The time zone the result is printed in (an IANA id or an offset); UTC unless set.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The language of month and day names (a tag such as <c>fr</c>); English unless set.</summary>
    public string? Locale { get; init; }

    /// <summary>The granularity instants are truncated to before printing; none unless set.</summary>
    public Granularity? Granularity { get; init; }

    /// <summary>Whether text values are read as epoch milliseconds when they are whole numbers; with no <see cref="Format"/>, the result is epoch milliseconds too.</summary>
    public bool AsMillis { get; init; }

    /// <summary>The printer, or null when the result is epoch milliseconds.</summary>
    private JodaPattern? Printer => _printer ?? (AsMillis && Format is null ? null : _printer = CreatePrinter());

    /// <inheritdoc />
    public override void Validate()
    {
        if (AsMillis && Format is null && (TimeZone is not null || Locale is not null))
        {
            throw new ArgumentException($"timeFormat extraction function: {(TimeZone is not null ? "timeZone" : "locale")} requires a format when asMillis is true.");
        }

        _ = Printer;
    }

    /// <inheritdoc />
    public override string? Apply(long value)
    {
        var truncated = Granularity is { } granularity ? granularity.BucketStart(value) : value;
        return Printer is { } printer ? printer.Print(truncated) : truncated.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string? Apply(double value) =>
        double.IsFinite(value) && Math.Abs(value) < long.MaxValue ? Apply((long)value) : null;

    /// <inheritdoc />
    public override string? Apply(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (AsMillis && FilterNumbers.TryLong(value, out var millis))
        {
            return Apply(millis);
        }

        return IsoTimestamp.TryParse(value, allowSpace: false, out millis) ? Apply(millis) : null;
    }

    private JodaPattern CreatePrinter()
    {
        var zone = TimeZone is null ? TimeZoneInfo.Utc : TimeZones.Require(TimeZone, "timeFormat extraction function: timeZone");
        var culture = Locales.Require(Locale, "timeFormat extraction function: locale");
        return Format is null ? JodaPattern.IsoPrinter(zone) : JodaPattern.CreatePrinter(Format, zone, culture, "timeFormat extraction function: format");
    }
}
