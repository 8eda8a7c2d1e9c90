using System.Globalization;
using Realtime.Core.Parsing;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>time</c> extraction function: a text parsed with the pattern <see cref="TimeFormat"/> and printed with
/// <see cref="ResultFormat"/>, both in UTC; a text that does not parse stays as it is.
/// </summary>
public sealed class TimeParseExtractionFn : ExtractionFn
{
    private Func<string, string>? _reformat;

    /// <summary>The pattern values are written in.</summary>
    public string? TimeFormat { get; init; }

    /// <summary>The pattern of the result.</summary>
    public string? ResultFormat { get; init; }

    /// <summary>Whether the patterns are Joda patterns rather than Java <c>SimpleDateFormat</c> ones; both are read as Joda patterns.</summary>
    public bool Joda { get; init; }

    private Func<string, string> Reformat => _reformat ??= CreateReformat();

    /// <inheritdoc />
    public override void Validate() => _ = Reformat;

    /// <inheritdoc />
    public override string? Apply(string? value) => string.IsNullOrEmpty(value) ? null : EmptyText.ToNull(Reformat(value));

    private Func<string, string> CreateReformat()
    {
        var parser = JodaPattern.Create(
            TimeFormat ?? throw new ArgumentException("time extraction function: timeFormat is required."), TimeZoneInfo.Utc, "time extraction function: timeFormat");
        var printer = JodaPattern.CreatePrinter(
            ResultFormat ?? throw new ArgumentException("time extraction function: resultFormat is required."), TimeZoneInfo.Utc, CultureInfo.InvariantCulture,
            "time extraction function: resultFormat");
        return value => parser.TryParse(value, out var millis) ? printer.Print(millis) : value;
    }
}
