using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Realtime.Core.Query.Engine;
using Realtime.Core.Time;

namespace Realtime.Core.Sql.Http;

/// <summary>
/// Writes a <see cref="SqlResult"/> in one of Druid's SQL result formats, streaming to a <see cref="PipeWriter"/>:
/// header rows as the layout asks, then the rows.
/// </summary>
/// <remarks>
/// Values: TIMESTAMP and DATE as ISO-8601 text with milliseconds (<c>2013-08-31T01:02:33.000Z</c>, or with the offset
/// of <c>sqlTimeZone</c> when it is not UTC); BOOLEAN as true or false; BIGINT, DOUBLE and FLOAT as numbers (a
/// non-finite double as null); multi-value strings and arrays as JSON arrays (their JSON text in csv); OTHER
/// (complex values) as the native query results write them (a sketch as its Base64 bytes). The JSON formats end with
/// a newline; in the lines formats and csv every row ends with a newline and the body ends with one more, so a
/// truncated body can be told from a complete one.
/// </remarks>
public static class SqlResultWriter
{
    private const int RowsPerFlush = 256;
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly char[] CsvSpecials = [',', '"', '\r', '\n'];

    /// <summary>Writes <paramref name="result"/> to <paramref name="output"/> and flushes it; does not complete the writer.</summary>
    /// <param name="output">Where to write, such as the response's body writer.</param>
    /// <param name="result">The columns and rows.</param>
    /// <param name="layout">The format and header rows.</param>
    /// <param name="zone">The time zone timestamps are written in (<c>sqlTimeZone</c>).</param>
    /// <param name="cancellationToken">Stops writing.</param>
    public static async Task WriteAsync(PipeWriter output, SqlResult result, SqlResultLayout layout, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (layout.Format == SqlResultFormat.Csv)
        {
            await WriteCsvAsync(output, result, layout, zone, cancellationToken).ConfigureAwait(false);
            return;
        }

        var lines = layout.Format is SqlResultFormat.ObjectLines or SqlResultFormat.ArrayLines;
        var objects = layout.Format is SqlResultFormat.Object or SqlResultFormat.ObjectLines;
        using var json = new Utf8JsonWriter(output, Options);
        if (!lines)
        {
            json.WriteStartArray();
        }

        foreach (var header in HeaderRows(result.Columns, layout, objects))
        {
            header(json);
            EndRow(json, output, lines);
        }

        var written = 0;
        foreach (var row in result.Rows)
        {
            if (objects)
            {
                WriteObjectRow(json, result.Columns, row, zone);
            }
            else
            {
                WriteArrayRow(json, result.Columns, row, zone);
            }

            EndRow(json, output, lines);
            if (++written % RowsPerFlush == 0)
            {
                json.Flush();
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (!lines)
        {
            json.WriteEndArray();
            json.Flush();
        }

        output.Write("\n"u8);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // In the lines formats each row is a JSON document of its own, followed by a newline.
    private static void EndRow(Utf8JsonWriter json, PipeWriter output, bool lines)
    {
        if (lines)
        {
            json.Flush();
            output.Write("\n"u8);
            json.Reset();
        }
    }

    private static IEnumerable<Action<Utf8JsonWriter>> HeaderRows(IReadOnlyList<SqlColumn> columns, SqlResultLayout layout, bool objects)
    {
        if (!layout.Header)
        {
            yield break;
        }

        if (objects)
        {
            yield return json => WriteObjectHeader(json, columns, layout);
            yield break;
        }

        yield return json => WriteNames(json, columns, c => c.Name);
        if (layout.TypesHeader)
        {
            yield return json => WriteNames(json, columns, c => c.Type.DruidName());
        }

        if (layout.SqlTypesHeader)
        {
            yield return json => WriteNames(json, columns, c => c.Type.SqlName());
        }
    }

    private static void WriteObjectHeader(Utf8JsonWriter json, IReadOnlyList<SqlColumn> columns, SqlResultLayout layout)
    {
        json.WriteStartObject();
        foreach (var column in columns)
        {
            json.WritePropertyName(column.Name);
            if (!layout.TypesHeader && !layout.SqlTypesHeader)
            {
                json.WriteNullValue();
                continue;
            }

            json.WriteStartObject();
            if (layout.TypesHeader)
            {
                json.WriteString("type", column.Type.DruidName());
            }

            if (layout.SqlTypesHeader)
            {
                json.WriteString("sqlType", column.Type.SqlName());
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter json, IReadOnlyList<SqlColumn> columns, Func<SqlColumn, string> name)
    {
        json.WriteStartArray();
        foreach (var column in columns)
        {
            json.WriteStringValue(name(column));
        }

        json.WriteEndArray();
    }

    private static void WriteObjectRow(Utf8JsonWriter json, IReadOnlyList<SqlColumn> columns, object?[] row, TimeZoneInfo zone)
    {
        json.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            json.WritePropertyName(columns[i].Name);
            WriteValue(json, row[i], columns[i].Type, zone);
        }

        json.WriteEndObject();
    }

    private static void WriteArrayRow(Utf8JsonWriter json, IReadOnlyList<SqlColumn> columns, object?[] row, TimeZoneInfo zone)
    {
        json.WriteStartArray();
        for (var i = 0; i < columns.Count; i++)
        {
            WriteValue(json, row[i], columns[i].Type, zone);
        }

        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value, SqlColumnType type, TimeZoneInfo zone)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long millis when type is SqlColumnType.Timestamp or SqlColumnType.Date:
                json.WriteStringValue(TimeZones.FormatIso(millis, zone));
                break;
            case long flag when type is SqlColumnType.Boolean:
                json.WriteBooleanValue(flag != 0);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case double number:
                WriteDouble(json, number);
                break;
            case float number:
                WriteDouble(json, number);
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case string?[] texts:
                json.WriteStartArray();
                foreach (var text in texts)
                {
                    WriteValue(json, text, SqlColumnType.Varchar, zone);
                }

                json.WriteEndArray();
                break;
            case object?[] elements:
                json.WriteStartArray();
                foreach (var element in elements)
                {
                    WriteValue(json, element, SqlColumnType.Other, zone);
                }

                json.WriteEndArray();
                break;
            default:
                if (ResultValues.ToJson(value) is { } node)
                {
                    node.WriteTo(json);
                }
                else
                {
                    json.WriteNullValue();
                }

                break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double number)
    {
        if (double.IsFinite(number))
        {
            json.WriteNumberValue(number);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static async Task WriteCsvAsync(PipeWriter output, SqlResult result, SqlResultLayout layout, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (layout.Header)
        {
            WriteCsvRow(output, result.Columns.Select(c => c.Name));
            if (layout.TypesHeader)
            {
                WriteCsvRow(output, result.Columns.Select(c => c.Type.DruidName()));
            }

            if (layout.SqlTypesHeader)
            {
                WriteCsvRow(output, result.Columns.Select(c => c.Type.SqlName()));
            }
        }

        var written = 0;
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < result.Columns.Count; i++)
            {
                if (i > 0)
                {
                    output.Write(","u8);
                }

                WriteCsvField(output, CsvText(row[i], result.Columns[i].Type, zone));
            }

            output.Write("\n"u8);
            if (++written % RowsPerFlush == 0)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        output.Write("\n"u8);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void WriteCsvRow(PipeWriter output, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                output.Write(","u8);
            }

            WriteCsvField(output, field);
            first = false;
        }

        output.Write("\n"u8);
    }

    // RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.
    private static void WriteCsvField(PipeWriter output, string? field)
    {
        if (field is null)
        {
            return;
        }

        if (field.AsSpan().IndexOfAny(CsvSpecials) < 0)
        {
            Encoding.UTF8.GetBytes(field, output);
            return;
        }

        output.Write("\""u8);
        Encoding.UTF8.GetBytes(field.Replace("\"", "\"\"", StringComparison.Ordinal), output);
        output.Write("\""u8);
    }

    private static string? CsvText(object? value, SqlColumnType type, TimeZoneInfo zone) => value switch
    {
        null => null,
        long millis when type is SqlColumnType.Timestamp or SqlColumnType.Date => TimeZones.FormatIso(millis, zone),
        long flag when type is SqlColumnType.Boolean => flag != 0 ? "true" : "false",
        bool flag => flag ? "true" : "false",
        string text => text,
        double number => double.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : null,
        float number => float.IsFinite(number) ? number.ToString("R", CultureInfo.InvariantCulture) : null,
        IFormattable number when value is long or int => number.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonText(value, type, zone),
    };

    private static string JsonText(object value, SqlColumnType type, TimeZoneInfo zone)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            WriteValue(json, value, type, zone);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
