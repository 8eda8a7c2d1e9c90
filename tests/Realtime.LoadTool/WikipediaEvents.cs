using System.Globalization;
using System.Text;

namespace Realtime.LoadTool;

/// <summary>
/// Generates wikipedia-like edit events as NDJSON: 12 string dimensions (one multi-valued), 4 numeric metrics,
/// about 350 bytes a line, spread over one day. The same seed gives the same file.
/// </summary>
internal static class WikipediaEvents
{
    private static readonly string[] Languages = ["en", "de", "fr", "ja", "ru", "es", "it", "zh", "pt", "pl", "nl", "sv", "ko", "ar", "fa", "he", "tr", "uk", "cs", "fi"];
    private static readonly string[] Namespaces = ["article", "wikipedia", "talk", "user", "template"];
    private static readonly string[] Continents = ["North America", "South America", "Europe", "Asia", "Africa", "Oceania", "Antarctica"];
    private static readonly string[] Tags = ["mobile edit", "visual edit", "reverted", "bot", "minor", "new page", "undo", "rollback", "blanking", "link",
        "image", "section", "typo", "category", "redirect", "citation", "infobox", "stub", "template", "references"];

    /// <summary>Writes <paramref name="count"/> events to <paramref name="path"/>.</summary>
    public static long Write(string path, int count, int seed, DateTimeOffset day)
    {
        var random = new Random(seed);
        var start = day.ToUnixTimeMilliseconds();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var line = new StringBuilder(512);
        long bytes = 0;
        for (var i = 0; i < count; i++)
        {
            line.Clear();
            var timestamp = DateTimeOffset.FromUnixTimeMilliseconds(start + random.NextInt64(86_400_000)).UtcDateTime;
            var continent = random.Next(Continents.Length);
            var country = continent * 10 + random.Next(10);
            var region = country * 4 + random.Next(4);
            var added = random.Next(0, 5000);
            var deleted = random.Next(0, 1000);
            line.Append(CultureInfo.InvariantCulture,
                $$"""{"timestamp":"{{timestamp:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}}","page":"Page number {{Skewed(random, 100_000)}}","language":"{{Languages[random.Next(Languages.Length)]}}","user":"editor-{{Skewed(random, 20_000)}}",""");
            line.Append(CultureInfo.InvariantCulture,
                $$""""unpatrolled":"{{Bool(random)}}","newPage":"{{Bool(random)}}","robot":"{{Bool(random)}}","anonymous":"{{Bool(random)}}","namespace":"{{Namespaces[random.Next(Namespaces.Length)]}}","continent":"{{Continents[continent]}}","country":"Country {{country}}","region":"Region {{region}}","city":"City {{region * 5 + random.Next(5)}}",""");
            line.Append(CultureInfo.InvariantCulture,
                $$""""tags":["{{Tags[random.Next(Tags.Length)]}}","{{Tags[random.Next(Tags.Length)]}}"],"added":{{added}},"deleted":{{deleted}},"delta":{{added - deleted}},"latency":{{(random.NextDouble() * 100).ToString("F3", CultureInfo.InvariantCulture)}}}""");
            writer.Write(line);
            writer.Write('\n');
            bytes += line.Length + 1;
        }

        return bytes;
    }

    private static string Bool(Random random) => random.Next(2) == 0 ? "false" : "true";

    private static int Skewed(Random random, int cardinality) => (int)(cardinality * Math.Pow(random.NextDouble(), 3));
}
