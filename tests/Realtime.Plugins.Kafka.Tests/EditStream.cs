using System.Globalization;
using System.Text.Json;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>
/// The edits a test produces to a Kafka topic, and the answers to its questions computed from them alone: per-hour
/// counts and sums, a topN over the page and a groupBy by hour and page.
/// </summary>
/// <remarks>
/// Every edit has a timestamp of its own, so no two roll up into one row. Page <c>pN</c> adds about 1000·(N+1) per edit
/// and pages take turns, so the pages' totals are far apart and the topN has no ties.
/// </remarks>
internal sealed class EditStream(string dataSource, DateTime day, int partitions)
{
    private const int Pages = 8;
    private const int Users = 30;
    private readonly Dictionary<int, int> _nextSecond = [];
    private readonly List<Edit> _produced = [];
    private int _next;

    /// <summary>The questions asked of the whole data source, each answered from the edits produced so far.</summary>
    public IReadOnlyList<Question> Questions =>
    [
        new("timeseries by hour", $$"""
            {"queryType": "timeseries", "dataSource": "{{dataSource}}", "intervals": ["{{Day}}/P1D"], "granularity": "hour",
             "aggregations": [{"type": "longSum", "name": "rows", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"},
                              {"type": "hyperUnique", "name": "users", "fieldName": "users"}]}
            """, HourlyTotals, ExpectedHourlyTotals, UserEstimates),
        new("topN of 3 pages by added", $$"""
            {"queryType": "topN", "dataSource": "{{dataSource}}", "intervals": ["{{Day}}/P1D"], "granularity": "all", "dimension": "page",
             "metric": "added", "threshold": 3,
             "aggregations": [{"type": "longSum", "name": "added", "fieldName": "added"}, {"type": "longSum", "name": "rows", "fieldName": "count"}]}
            """, TopPages, ExpectedTopPages),
        new("groupBy hour and page", $$"""
            {"queryType": "groupBy", "dataSource": "{{dataSource}}", "intervals": ["{{Day}}/P1D"], "granularity": "hour", "dimensions": ["page"],
             "aggregations": [{"type": "longSum", "name": "rows", "fieldName": "count"}, {"type": "longSum", "name": "added", "fieldName": "added"}]}
            """, PageHours, ExpectedPageHours),
    ];

    /// <summary>Every edit produced so far.</summary>
    public IReadOnlyList<Edit> Produced => _produced;

    private string Day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Makes <paramref name="perPartition"/> edits for each partition in each of <paramref name="hours"/>, not yet produced.</summary>
    public IReadOnlyList<Edit> Plan(IEnumerable<int> hours, int perPartition)
    {
        var edits = new List<Edit>();
        foreach (var hour in hours)
        {
            for (var partition = 0; partition < partitions; partition++)
            {
                for (var k = 0; k < perPartition; k++)
                {
                    var second = _nextSecond.GetValueOrDefault(hour);
                    _nextSecond[hour] = second + 1;
                    var i = _next++;
                    edits.Add(new Edit(partition, day.AddHours(hour).AddSeconds(second), $"p{i % Pages}", $"u{i * 7 % Users}", 1000 * (i % Pages + 1) + i % 7));
                }
            }
        }

        return edits;
    }

    /// <summary>Produces planned edits to <paramref name="topic"/>, each to its partition, and counts them as produced.</summary>
    public void Produce(MockCluster kafka, string topic, IReadOnlyList<Edit> edits)
    {
        kafka.Produce(topic, edits.Select(e => (e.Partition, (string?)e.Json)));
        _produced.AddRange(edits);
    }

    /// <summary>The hour of <paramref name="time"/> in the day, 0 to 23.</summary>
    public int HourOf(DateTime time) => (int)(time - day).TotalHours;

    /// <summary>The label of an hour in the lines answers are compared as.</summary>
    public static string HourLabel(DateTime time) => time.ToString("HH'h'", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> HourlyTotals(JsonElement answer) =>
    [
        .. answer.EnumerateArray()
            .Select(r => (Time: Timestamp(r), Result: r.GetProperty("result")))
            .Where(r => r.Result.GetProperty("rows").GetInt64() != 0)
            .Select(r => Line(HourLabel(r.Time), r.Result.GetProperty("rows").GetInt64(), r.Result.GetProperty("added").GetInt64())),
    ];

    private static IReadOnlyList<string> ExpectedHourlyTotals(IEnumerable<Edit> edits) =>
        [.. edits.GroupBy(e => HourLabel(e.Time)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Line(g.Key, g.Count(), g.Sum(e => e.Added)))];

    /// <summary>Each hour's hyperUnique estimate of the users that is further than 5% (or 1) from the distinct users of its edits.</summary>
    private static IReadOnlyList<string> UserEstimates(JsonElement answer, IEnumerable<Edit> edits)
    {
        var distinct = edits.GroupBy(e => HourLabel(e.Time)).ToDictionary(g => g.Key, g => g.Select(e => e.User).Distinct().Count());
        return
        [
            .. answer.EnumerateArray()
                .Select(r => (Hour: HourLabel(Timestamp(r)), Users: r.GetProperty("result").GetProperty("users").GetDouble()))
                .Where(r => distinct.TryGetValue(r.Hour, out var users) && Math.Abs(r.Users - users) > Math.Max(1, 0.05 * users))
                .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Hour}: {r.Users:F2} users estimated, {distinct[r.Hour]} distinct")),
        ];
    }

    private static IReadOnlyList<string> TopPages(JsonElement answer) =>
    [
        .. answer.EnumerateArray().SelectMany(r => r.GetProperty("result").EnumerateArray())
            .Select(p => Line(p.GetProperty("page").GetString()!, p.GetProperty("rows").GetInt64(), p.GetProperty("added").GetInt64())),
    ];

    private static IReadOnlyList<string> ExpectedTopPages(IEnumerable<Edit> edits) =>
    [
        .. edits.GroupBy(e => e.Page).Select(g => (Page: g.Key, Rows: g.Count(), Added: g.Sum(e => e.Added)))
            .OrderByDescending(p => p.Added).Take(3).Select(p => Line(p.Page, p.Rows, p.Added)),
    ];

    private static IReadOnlyList<string> PageHours(JsonElement answer) =>
    [
        .. answer.EnumerateArray().Select(r => (Time: Timestamp(r), Event: r.GetProperty("event")))
            .Select(r => Line($"{HourLabel(r.Time)} {r.Event.GetProperty("page").GetString()}", r.Event.GetProperty("rows").GetInt64(), r.Event.GetProperty("added").GetInt64()))
            .Order(StringComparer.Ordinal),
    ];

    private static IReadOnlyList<string> ExpectedPageHours(IEnumerable<Edit> edits) =>
    [
        .. edits.GroupBy(e => $"{HourLabel(e.Time)} {e.Page}").Select(g => Line(g.Key, g.Count(), g.Sum(e => e.Added))).Order(StringComparer.Ordinal),
    ];

    private static DateTime Timestamp(JsonElement row) =>
        DateTime.Parse(row.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Line(string key, long rows, long added) => string.Create(CultureInfo.InvariantCulture, $"{key}: rows {rows}, added {added}");

    /// <summary>One edit: the partition it is produced to and the event.</summary>
    public sealed record Edit(int Partition, DateTime Time, string Page, string User, long Added)
    {
        /// <summary>The message: <c>{"timestamp","page","user","added"}</c>.</summary>
        public string Json => JsonSerializer.Serialize(new { timestamp = Time.ToString("O", CultureInfo.InvariantCulture), page = Page, user = User, added = Added });
    }

    /// <summary>
    /// A native query, how its exact part reads as lines, the lines computed from the edits, and the estimates (sketches)
    /// of an answer that are too far from the edits' exact figures.
    /// </summary>
    public sealed record Question(
        string Name,
        string Query,
        Func<JsonElement, IReadOnlyList<string>> Read,
        Func<IEnumerable<Edit>, IReadOnlyList<string>> Expect,
        Func<JsonElement, IEnumerable<Edit>, IReadOnlyList<string>>? BadEstimates = null)
    {
        /// <summary>The rows an answer counts, from its lines.</summary>
        public static long Rows(IEnumerable<string> lines) =>
            lines.Sum(l => long.Parse(l[(l.IndexOf(": rows ", StringComparison.Ordinal) + 7)..l.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
    }
}
