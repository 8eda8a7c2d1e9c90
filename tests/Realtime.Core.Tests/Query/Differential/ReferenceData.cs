using System.Globalization;
using System.Text.Json.Nodes;

namespace Realtime.Core.Tests.Query.Differential;

/// <summary>One generated event as it is stored: its timestamp truncated to the second, its dimensions and raw metric inputs.</summary>
/// <param name="Time">The timestamp truncated to the query granularity (second).</param>
/// <param name="Country">Null for a missing, null or empty value.</param>
/// <param name="Device">Null for a missing value.</param>
/// <param name="Tags">The multi-value tags, sorted; empty for none.</param>
/// <param name="Rank">A long dimension.</param>
/// <param name="Bytes">Summed into the <c>bytes</c> metric.</param>
/// <param name="Price">Summed into the <c>price</c> metric; a multiple of 0.25, so sums are exact.</param>
internal sealed record ReferenceRow(long Time, string? Country, string? Device, string[] Tags, long Rank, long Bytes, double Price)
{
    /// <summary>The values a filter or grouping sees in <paramref name="dimension"/>: one null for a row without any.</summary>
    public IReadOnlyList<string?> Values(string dimension) => dimension switch
    {
        "country" => [Country],
        "device" => [Device],
        "tags" => Tags.Length == 0 ? new string?[] { null } : Tags,
        "rank" => [Rank.ToString(CultureInfo.InvariantCulture)],
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "not a generated dimension"),
    };

    /// <summary>The value a scan returns for <paramref name="column"/>.</summary>
    public JsonNode? Scanned(string column) => column switch
    {
        "__time" => Time,
        "country" => Country,
        "device" => Device,
        "tags" => Tags.Length switch
        {
            0 => null,
            1 => Tags[0],
            _ => new JsonArray([.. Tags.Select(t => (JsonNode?)t)]),
        },
        "rank" => Rank,
        "count" => 1L,
        "bytes" => Bytes,
        "price" => Price,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a generated column"),
    };
}

/// <summary>Random events over five days around the end of daylight saving time in Los Angeles, as JSON and as stored rows.</summary>
internal static class ReferenceData
{
    public const string Schema = """
        {
          "dataSource": "events",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["country", "device", "tags", { "type": "long", "name": "rank" }] } } },
          "metricsSpec": [
            { "type": "count", "name": "count" },
            { "type": "longSum", "name": "bytes", "fieldName": "bytes" },
            { "type": "doubleSum", "name": "price", "fieldName": "price" }
          ],
          "granularitySpec": { "type": "uniform", "segmentGranularity": "day", "queryGranularity": "second", "rollup": true }
        }
        """;

    public const int Days = 5;

    public static readonly long Start = DateTimeOffset.Parse("2013-11-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static readonly long End = Start + (Days * Day);

    public static readonly string[] Countries = ["US", "FR", "DE", "JP", "br"];

    public static readonly string[] Devices = ["phone", "tablet", "desktop"];

    public static readonly string[] TagValues = ["a", "b", "c", "d", "e"];

    public const long Day = 86_400_000;

    /// <summary>
    /// <paramref name="count"/> events at distinct seconds (so that rollup keeps each as its own row) with random
    /// milliseconds, null and empty values, single, multiple and empty tags.
    /// </summary>
    public static (List<string> Events, List<ReferenceRow> Rows) Generate(Random random, int count)
    {
        var seconds = new HashSet<long>();
        while (seconds.Count < count)
        {
            seconds.Add(random.NextInt64(Days * Day / 1000));
        }

        var events = new List<string>();
        var rows = new List<ReferenceRow>();
        foreach (var second in seconds)
        {
            var time = Start + (second * 1000) + random.Next(1000);
            var json = new JsonObject { ["timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(time).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };
            string? country = null;
            switch (random.Next(10))
            {
                case 0:
                    break;
                case 1:
                    json["country"] = "";
                    break;
                case 2:
                    json["country"] = null;
                    break;
                default:
                    country = Countries[random.Next(Countries.Length)];
                    json["country"] = country;
                    break;
            }

            string? device = null;
            if (random.Next(5) > 0)
            {
                device = Devices[random.Next(Devices.Length)];
                json["device"] = device;
            }

            string[] tags = [];
            switch (random.Next(6))
            {
                case 0:
                    break;
                case 1:
                    json["tags"] = new JsonArray();
                    break;
                case 2:
                    tags = [TagValues[random.Next(TagValues.Length)]];
                    json["tags"] = tags[0];
                    break;
                default:
                    var picked = TagValues.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToArray();
                    json["tags"] = new JsonArray([.. picked.Select(t => (JsonNode?)t)]);
                    tags = [.. picked.Order(StringComparer.Ordinal)];
                    break;
            }

            var rank = random.Next(21);
            var bytes = random.Next(1001);
            var price = random.Next(401) * 0.25;
            json["rank"] = rank;
            json["bytes"] = bytes;
            json["price"] = price;
            events.Add(json.ToJsonString());
            rows.Add(new ReferenceRow(time - (time % 1000), country, device, tags, rank, bytes, price));
        }

        return (events, rows);
    }

    /// <summary>An ISO-8601 UTC timestamp.</summary>
    public static string Iso(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
