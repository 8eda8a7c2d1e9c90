using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace Realtime.Core.Tests.Sql.Differential;

/// <summary>One generated event as the node stores it: time truncated to the second, an empty or missing text as null.</summary>
internal sealed record SqlReferenceRow(long Time, string? Country, string? Device, string? Os, long Bytes, double Price);

/// <summary>
/// Random events over three days, each at its own second (so rollup keeps every event as one row), as JSON for the
/// node and as the rows of an in-memory SQLite table <c>events</c> with the columns the node's SQL table has.
/// </summary>
internal static class SqlReferenceData
{
    public const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["country", "device", "os"] } } },
          "metricsSpec": [
            { "type": "count", "name": "count" },
            { "type": "longSum", "name": "bytes", "fieldName": "bytes" },
            { "type": "doubleSum", "name": "price", "fieldName": "price" }
          ],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "second", "rollup": true }
        }
        """;

    public const int Days = 3;

    public const long Hour = 3_600_000;

    public const long Day = 86_400_000;

    public static readonly long Start = DateTimeOffset.Parse("2013-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static readonly string[] Countries = ["US", "FR", "DE", "JP", "br"];

    public static readonly string[] Devices = ["phone", "tablet", "desktop"];

    public static readonly string[] Systems = ["ios", "android", "Linux"];

    /// <summary><paramref name="count"/> events at distinct seconds, with random milliseconds and null, empty and missing texts.</summary>
    public static (List<string> Events, List<SqlReferenceRow> Rows) Generate(Random random, int count)
    {
        var seconds = new HashSet<long>();
        while (seconds.Count < count)
        {
            seconds.Add(random.NextInt64(Days * Day / 1000));
        }

        var events = new List<string>();
        var rows = new List<SqlReferenceRow>();
        foreach (var second in seconds)
        {
            var time = Start + (second * 1000) + random.Next(1000);
            var json = new JsonObject { ["timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };
            var country = Text(random, json, "country", Countries, nullWeight: 3);
            var device = Text(random, json, "device", Devices, nullWeight: 2);
            var os = Text(random, json, "os", Systems, nullWeight: 4);
            long bytes = random.Next(-50, 1001);
            var price = random.Next(-40, 401) * 0.25;
            json["bytes"] = bytes;
            json["price"] = price;
            events.Add(json.ToJsonString());
            rows.Add(new SqlReferenceRow(time - (time % 1000), country, device, os, bytes, price));
        }

        return (events, rows);
    }

    /// <summary>An open in-memory SQLite database with <paramref name="rows"/> in table <c>events</c>; LIKE is case-sensitive as in Druid.</summary>
    public static SqliteConnection Load(IEnumerable<SqlReferenceRow> rows)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "PRAGMA case_sensitive_like = ON");
        Execute(connection, """CREATE TABLE events ("__time" INTEGER NOT NULL, bytes INTEGER NOT NULL, "count" INTEGER NOT NULL, country TEXT, device TEXT, os TEXT, price REAL NOT NULL)""");
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """INSERT INTO events ("__time", bytes, "count", country, device, os, price) VALUES ($time, $bytes, 1, $country, $device, $os, $price)""";
        var time = insert.Parameters.Add("$time", SqliteType.Integer);
        var bytes = insert.Parameters.Add("$bytes", SqliteType.Integer);
        var country = insert.Parameters.Add("$country", SqliteType.Text);
        var device = insert.Parameters.Add("$device", SqliteType.Text);
        var os = insert.Parameters.Add("$os", SqliteType.Text);
        var price = insert.Parameters.Add("$price", SqliteType.Real);
        foreach (var row in rows)
        {
            time.Value = row.Time;
            bytes.Value = row.Bytes;
            country.Value = (object?)row.Country ?? DBNull.Value;
            device.Value = (object?)row.Device ?? DBNull.Value;
            os.Value = (object?)row.Os ?? DBNull.Value;
            price.Value = row.Price;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return connection;
    }

    /// <summary>Runs <paramref name="sql"/> on SQLite and reads every row.</summary>
    public static List<object?[]> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A random value of <paramref name="values"/> in <paramref name="json"/>, or (one time in <paramref name="nullWeight"/>) missing, null or empty.</summary>
    private static string? Text(Random random, JsonObject json, string name, string[] values, int nullWeight)
    {
        if (random.Next(nullWeight) == 0)
        {
            switch (random.Next(3))
            {
                case 0:
                    break;
                case 1:
                    json[name] = null;
                    break;
                default:
                    json[name] = "";
                    break;
            }

            return null;
        }

        var value = values[random.Next(values.Length)];
        json[name] = value;
        return value;
    }
}
