using System.Globalization;
using System.Text.Json;

namespace Realtime.LoadTool;

/// <summary>
/// Generates wikipedia-like edit events as NDJSON: 12 string dimensions (one multi-valued), 4 numeric metrics,
/// about 350 bytes a line, spread over one day. The same seed gives the same file.
/// </summary>
internal static class WikipediaEvents
{
    /// <summary>The benchmarks' data schema for these events: every dimension, the metrics summed, minute rollup in day segments.</summary>
    public const string DataSchema = """
        {
          "dataSource": "wikipedia",
          "parser": { "type": "string", "parseSpec": { "format": "json",
            "timestampSpec": { "column": "timestamp", "format": "auto" },
            "dimensionsSpec": { "dimensions": ["page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous",
              "namespace", "continent", "country", "region", "city", "tags"] } } },
          "metricsSpec": [
            { "type": "count", "name": "count" },
            { "type": "longSum", "name": "added", "fieldName": "added" },
            { "type": "longSum", "name": "deleted", "fieldName": "deleted" },
            { "type": "longSum", "name": "delta", "fieldName": "delta" },
            { "type": "doubleSum", "name": "latency", "fieldName": "latency" }
          ],
          "granularitySpec": { "segmentGranularity": "day", "queryGranularity": "minute" }
        }
        """;

    private static readonly string[] Languages = ["en", "de", "fr", "ja", "ru", "es", "it", "zh", "pt", "pl", "nl", "sv", "ko", "ar", "fa", "he", "tr", "uk", "cs", "fi"];
    private static readonly string[] Namespaces = ["article", "wikipedia", "talk", "user", "template"];
    private static readonly string[] Continents = ["North America", "South America", "Europe", "Asia", "Africa", "Oceania", "Antarctica"];
    private static readonly string[] Tags = ["mobile edit", "visual edit", "reverted", "bot", "minor", "new page", "undo", "rollback", "blanking", "link",
        "image", "section", "typo", "category", "redirect", "citation", "infobox", "stub", "template", "references"];

    /// <summary>Writes <paramref name="count"/> events to <paramref name="path"/>.</summary>
    public static void Write(string path, int count, int seed, DateTimeOffset day)
    {
        var random = new Random(seed);
        var start = day.ToUnixTimeMilliseconds();
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(file);
        for (var i = 0; i < count; i++)
        {
            var continent = random.Next(Continents.Length);
            var country = continent * 10 + random.Next(10);
            var region = country * 4 + random.Next(4);
            var added = random.Next(0, 5000);
            var deleted = random.Next(0, 1000);
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.FromUnixTimeMilliseconds(start + random.NextInt64(86_400_000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("page", $"Page number {Skewed(random, 100_000)}");
            json.WriteString("language", Languages[random.Next(Languages.Length)]);
            json.WriteString("user", $"editor-{Skewed(random, 20_000)}");
            json.WriteString("unpatrolled", Bool(random));
            json.WriteString("newPage", Bool(random));
            json.WriteString("robot", Bool(random));
            json.WriteString("anonymous", Bool(random));
            json.WriteString("namespace", Namespaces[random.Next(Namespaces.Length)]);
            json.WriteString("continent", Continents[continent]);
            json.WriteString("country", $"Country {country}");
            json.WriteString("region", $"Region {region}");
            json.WriteString("city", $"City {region * 5 + random.Next(5)}");
            json.WriteStartArray("tags");
            json.WriteStringValue(Tags[random.Next(Tags.Length)]);
            json.WriteStringValue(Tags[random.Next(Tags.Length)]);
            json.WriteEndArray();
            json.WriteNumber("added", added);
            json.WriteNumber("deleted", deleted);
            json.WriteNumber("delta", added - deleted);
            json.WriteNumber("latency", Math.Round(random.NextDouble() * 100, 3));
            json.WriteEndObject();
            json.Flush();
            file.WriteByte((byte)'\n');
            json.Reset();
        }
    }

    private static string Bool(Random random) => random.Next(2) == 0 ? "false" : "true";

    private static int Skewed(Random random, int cardinality) => (int)(cardinality * Math.Pow(random.NextDouble(), 3));
}
