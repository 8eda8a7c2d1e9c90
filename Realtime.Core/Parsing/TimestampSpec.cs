using Realtime.Core.Time;

namespace Realtime.Core.Parsing;

/// <summary>The parse spec's <c>timestampSpec</c>: which field holds the event time and how it is written.</summary>
/// <remarks>
/// Formats: <c>auto</c> (an all-digit text is epoch milliseconds, anything else ISO-8601 with <c>T</c> or a space
/// between date and time and an optional trailing zone id such as <c> America/Los_Angeles</c>; JSON numbers are
/// milliseconds), <c>iso</c>, <c>millis</c>, <c>posix</c> (seconds), <c>micro</c>, <c>nano</c>, <c>ruby</c> (fractional
/// seconds), or a Joda-Time pattern such as <c>yyyy-MM-dd HH:mm:ss</c> (see docs/parsing.md for the letters).
/// </remarks>
public sealed class TimestampSpec
{
    /// <summary>The field holding the event time; <c>timestamp</c> unless set.</summary>
    public string Column { get; init; } = "timestamp";

    /// <summary>How the time is written; <c>auto</c> unless set.</summary>
    public string Format { get; init; } = "auto";

    /// <summary>An ISO-8601 time used when the field is absent or empty; without it such a row is unparseable.</summary>
    public string? MissingValue { get; init; }

    /// <summary>The time zone of pattern formats whose text carries no offset; UTC unless set.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Checks the spec and builds the parser for one pipeline.</summary>
    /// <exception cref="ArgumentException">A field is invalid; the message names it.</exception>
    internal TimestampParser CreateParser(string path = "timestampSpec")
    {
        if (string.IsNullOrEmpty(Column))
        {
            throw new ArgumentException($"{path}.column must not be empty.");
        }

        long? missing = null;
        if (MissingValue is not null)
        {
            missing = IsoTimestamp.TryParse(MissingValue, allowSpace: true, out var m)
                ? m
                : throw new ArgumentException($"{path}.missingValue '{MissingValue}' is not an ISO-8601 time.");
        }

        var zone = TimeZone is null ? TimeZoneInfo.Utc : TimeZones.Require(TimeZone, $"{path}.timeZone");
        var format = string.IsNullOrEmpty(Format) ? "auto" : Format;
        var kind = format.ToLowerInvariant() switch
        {
            "auto" => TimestampFormat.Auto,
            "iso" => TimestampFormat.Iso,
            "millis" => TimestampFormat.Millis,
            "posix" => TimestampFormat.Posix,
            "micro" => TimestampFormat.Micro,
            "nano" => TimestampFormat.Nano,
            "ruby" => TimestampFormat.Ruby,
            _ => TimestampFormat.Pattern,
        };
        var pattern = kind == TimestampFormat.Pattern ? JodaPattern.Create(format, zone, $"{path}.format") : null;
        return new TimestampParser(Column, kind, pattern, missing);
    }
}
