using System.Globalization;
using System.Text;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Tests.Firehoses;

/// <summary>
/// A parser for firehose tests: a message <c>millis,text</c> (or just <c>text</c>, at time 0) becomes a row with the
/// field <c>line</c>; a message starting with <c>bad</c> is unparseable; a message <c>skip</c> yields no row.
/// A map becomes a row with its fields, stamped from its <c>timestamp</c> field.
/// </summary>
internal sealed class TextRowParser : IInputRowParser
{
    public InputRow? Parse(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        if (text.StartsWith("bad", StringComparison.Ordinal))
        {
            throw new ParseException($"Unparseable message '{text}'", text);
        }

        if (text == "skip")
        {
            return null;
        }

        var comma = text.IndexOf(',');
        return comma > 0 && long.TryParse(text.AsSpan(0, comma), NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis)
            ? Row(millis, text[(comma + 1)..])
            : Row(0, text);
    }

    public InputRow? Parse(IReadOnlyDictionary<string, object?> fields) =>
        new MapInputRow(Convert.ToInt64(fields.GetValueOrDefault("timestamp") ?? 0L, CultureInfo.InvariantCulture), [.. fields.Keys], fields);

    private static MapInputRow Row(long millis, string line) =>
        new(millis, ["line"], new Dictionary<string, object?> { ["line"] = line });

    /// <summary>Reads a firehose to its end, returning every row (null for messages that yield none).</summary>
    public static async Task<List<InputRow?>> ReadAllAsync(IFirehose firehose)
    {
        var rows = new List<InputRow?>();
        while (await firehose.HasMoreAsync(CancellationToken.None))
        {
            rows.Add(firehose.NextRow());
        }

        return rows;
    }

    /// <summary>The <c>line</c> field of each row (null rows give null).</summary>
    public static List<string?> Lines(IEnumerable<InputRow?> rows) => rows.Select(r => r?.GetRaw("line") as string).ToList();
}
