using System.Globalization;
using System.Text;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Time;

namespace Realtime.Core.Parsing;

/// <summary>How a <see cref="TimestampSpec"/> reads its field.</summary>
internal enum TimestampFormat
{
    Auto,
    Iso,
    Millis,
    Posix,
    Micro,
    Nano,
    Ruby,
    Pattern,
}

/// <summary>Turns the timestamp field of an event into UTC epoch milliseconds, remembering the last text it parsed.</summary>
/// <remarks>Used by one ingest thread at a time. Failures are <see cref="ParseException"/>s naming the column and quoting the value.</remarks>
internal sealed class TimestampParser
{
    private readonly TimestampFormat _format;
    private readonly JodaPattern? _pattern;
    private readonly long? _missingValue;

    private byte[] _lastUtf8 = new byte[32];
    private int _lastUtf8Length = -1;
    private long _lastUtf8Millis;
    private string? _lastText;
    private long _lastTextMillis;

    public TimestampParser(string column, TimestampFormat format, JodaPattern? pattern, long? missingValue)
    {
        Column = column;
        _format = format;
        _pattern = pattern;
        _missingValue = missingValue;
    }

    /// <summary>The field holding the event time.</summary>
    public string Column { get; }

    /// <summary>The time of an event whose timestamp field is absent or empty.</summary>
    public long Missing() =>
        _missingValue ?? throw new ParseException($"Missing timestamp in column '{Column}' (no value and no timestampSpec.missingValue).");

    /// <summary>Parses a raw field value: text, a number, or null for an absent field.</summary>
    public long Parse(object? value) => value switch
    {
        null => Missing(),
        string text => Parse(text),
        long l => ParseNumber(l),
        int i => ParseNumber(i),
        double d => ParseNumber(d),
        float f => ParseNumber(f),
        decimal m => ParseNumber((double)m),
        DateTimeOffset dto => dto.ToUnixTimeMilliseconds(),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind)).ToUnixTimeMilliseconds(),
        _ => throw Unparseable(Describe(value)),
    };

    /// <summary>Parses a JSON integer or an integral field value.</summary>
    public long ParseNumber(long value) => _format switch
    {
        TimestampFormat.Posix => value * 1000,
        TimestampFormat.Micro => value / 1000,
        TimestampFormat.Nano => value / 1_000_000,
        TimestampFormat.Ruby => value * 1000,
        _ => value,
    };

    /// <summary>Parses a JSON number with a fraction or exponent.</summary>
    public long ParseNumber(double value) =>
        double.IsFinite(value)
            ? _format == TimestampFormat.Ruby ? (long)(value * 1000) : ParseNumber((long)value)
            : throw Unparseable(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses the UTF-8 text of a JSON string without decoding it on the common paths.</summary>
    public long Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length == _lastUtf8Length && utf8.SequenceEqual(_lastUtf8.AsSpan(0, _lastUtf8Length)))
        {
            return _lastUtf8Millis;
        }

        long millis;
        if (utf8.IsEmpty)
        {
            millis = Missing();
        }
        else if (_format is TimestampFormat.Auto or TimestampFormat.Iso && !IsAllDigits(utf8)
                 && IsoTimestamp.TryParse(utf8, allowSpace: _format == TimestampFormat.Auto, out var fast))
        {
            millis = fast;
        }
        else
        {
            millis = ParseText(Encoding.UTF8.GetString(utf8));
        }

        if (_lastUtf8.Length < utf8.Length)
        {
            _lastUtf8 = new byte[utf8.Length];
        }

        utf8.CopyTo(_lastUtf8);
        _lastUtf8Length = utf8.Length;
        _lastUtf8Millis = millis;
        return millis;
    }

    /// <summary>Parses a text value (CSV and TSV cells, map values).</summary>
    public long Parse(string text)
    {
        if (ReferenceEquals(text, _lastText) || string.Equals(text, _lastText, StringComparison.Ordinal))
        {
            return _lastTextMillis;
        }

        var millis = text.Length == 0 ? Missing() : ParseText(text);
        _lastText = text;
        _lastTextMillis = millis;
        return millis;
    }

    private long ParseText(string raw)
    {
        var text = StripQuotes(raw.AsSpan().Trim());
        switch (_format)
        {
            case TimestampFormat.Auto:
                if (IsAllDigits(text))
                {
                    return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) ? millis : throw Unparseable(raw);
                }

                return ParseAutoIso(text, raw);
            case TimestampFormat.Iso:
                return IsoTimestamp.TryParse(text, allowSpace: false, out var iso) ? iso : throw Unparseable(raw);
            case TimestampFormat.Ruby:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                    ? ParseNumber(seconds)
                    : throw Unparseable(raw);
            case TimestampFormat.Pattern:
                return _pattern!.TryParse(text, out var patterned) ? patterned : throw Unparseable(raw);
            default:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                    ? ParseNumber(number)
                    : throw Unparseable(raw);
        }
    }

    private long ParseAutoIso(ReadOnlySpan<char> text, string raw)
    {
        if (IsoTimestamp.TryParse(text, allowSpace: true, out var millis))
        {
            return millis;
        }

        // A trailing zone id ("2013-08-31 01:02:03 America/Los_Angeles") applies to a time written without offset.
        var space = text.LastIndexOf(' ');
        if (space > 0 && TimeZones.Find(text[(space + 1)..]) is { } zone
            && IsoTimestamp.TryParse(text[..space], allowSpace: true, out var utc))
        {
            if (HasOffset(text[..space]))
            {
                return utc;
            }

            var local = DateTimeOffset.FromUnixTimeMilliseconds(utc).DateTime;
            return TimeZones.LocalToUtcMillis(local, zone);
        }

        throw Unparseable(raw);
    }

    private static bool HasOffset(ReadOnlySpan<char> iso) =>
        iso.Length > 10 && (iso[^1] == 'Z' || iso[10..].IndexOfAny('+', '-') >= 0);

    private static string Describe(object value)
    {
        var values = DimensionValues.Of(value);
        return values.Count == 1 ? values[0] ?? "null" : $"[{string.Join(", ", values)}]";
    }

    private ParseException Unparseable(string value) =>
        new($"Unparseable timestamp in column '{Column}': '{InputText.Shorten(value)}'", InputText.Shorten(value));

    private static ReadOnlySpan<char> StripQuotes(ReadOnlySpan<char> text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1] : text;

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }

    private static bool IsAllDigits(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return !text.IsEmpty;
    }
}
