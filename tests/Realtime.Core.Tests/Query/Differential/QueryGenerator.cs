using System.Text.Json.Nodes;

namespace Realtime.Core.Tests.Query.Differential;

/// <summary>A generated query and the check of a result against the reference.</summary>
/// <param name="Type">The query type.</param>
/// <param name="Json">The query JSON.</param>
/// <param name="Verify">Null when the result agrees with the reference, else the first difference.</param>
internal sealed record DifferentialCase(string Type, string Json, Func<JsonArray, string?> Verify);

/// <summary>
/// Random queries of every type over <see cref="ReferenceData"/> rows, each with its expected result computed by a
/// deliberately naive LINQ evaluation of the stored rows: no indexes, no batches, no dictionaries.
/// </summary>
internal sealed class QueryGenerator(IReadOnlyList<ReferenceRow> rows, Random random)
{
    private static readonly string[] Dimensions = ["country", "device", "tags", "rank"];
    private static readonly string[] ScanColumns = ["__time", "country", "device", "tags", "rank", "count", "bytes", "price"];

    private readonly long[] _segmentStarts = [.. rows.Select(r => r.Time - (r.Time % ReferenceData.Day)).Distinct().Order()];

    /// <summary>The <paramref name="number"/>th query; the types take turns.</summary>
    public DifferentialCase Next(int number) => (number % 6) switch
    {
        0 => Timeseries(),
        1 => TopN(),
        2 => GroupBy(),
        3 => Scan(),
        4 => Search(),
        _ => TimeBoundary(),
    };

    private DifferentialCase Timeseries()
    {
        var granularity = random.Next(3) == 0 ? ReferenceGranularity.All : Pick(ReferenceGranularity.Bucketing);
        var (query, matched, covered, _, cursorStarts, firstStart) = Start("timeseries", granularity);
        var aggregators = Aggregators(withDoubleMax: false);
        var descending = random.Next(3) == 0;
        var skipEmpty = random.Next(3) == 0;
        var grandTotal = random.Next(4) == 0;
        int? limit = !grandTotal && random.Next(4) == 0 ? 1 + random.Next(10) : null;
        query["aggregations"] = AggregationsJson(aggregators);
        query["descending"] = descending;
        query["context"] = new JsonObject { ["skipEmptyBuckets"] = skipEmpty, ["grandTotal"] = grandTotal };
        if (limit is { } l)
        {
            query["limit"] = l;
        }

        var expected = new JsonArray();
        var allStarts = cursorStarts.Where(s => s.Matched || !skipEmpty).Select(s => s.Start).ToList();
        if (granularity.IsAll ? allStarts.Count > 0 || !skipEmpty : covered.Count > 0)
        {
            var buckets = new SortedSet<long>();
            if (granularity.IsAll)
            {
                // Without data, Druid's tool chest answers one row of empty aggregates at the first interval's start.
                buckets.Add(allStarts.Count > 0 ? allStarts.Min() : firstStart);
            }
            else
            {
                buckets.UnionWith(matched.Select(r => granularity.BucketStart(r.Time)));
                if (!skipEmpty)
                {
                    buckets.UnionWith(covered.SelectMany(c => granularity.BucketStarts(c.Start, c.End)));
                }
            }

            var ordered = descending ? buckets.Reverse() : buckets;
            foreach (var bucket in ordered.Take(limit ?? int.MaxValue))
            {
                var inBucket = granularity.IsAll ? matched : matched.Where(r => granularity.BucketStart(r.Time) == bucket).ToList();
                expected.Add(new JsonObject { ["timestamp"] = granularity.Format(bucket), ["result"] = Aggregate(aggregators, inBucket) });
            }

            if (grandTotal)
            {
                expected.Add(new JsonObject { ["timestamp"] = null, ["result"] = Aggregate(aggregators, matched) });
            }
        }

        return Case("timeseries", query, actual => JsonAssert.Difference(expected, actual, "$"));
    }

    private DifferentialCase TopN()
    {
        var granularity = random.Next(2) == 0 ? ReferenceGranularity.All : random.Next(5) == 0 ? ReferenceGranularity.None : Pick(ReferenceGranularity.Bucketing);
        var (query, matched, covered, _, cursorStarts, _) = Start("topN", granularity);
        var dimension = Pick(Dimensions);
        var aggregators = Aggregators(withDoubleMax: true);
        var metric = Pick(aggregators).Name;
        var threshold = 1 + random.Next(6);
        query["dimension"] = dimension;
        query["metric"] = metric;
        query["threshold"] = threshold;
        query["aggregations"] = AggregationsJson(aggregators);

        var expected = new List<(string Timestamp, Dictionary<string, JsonObject> Groups)>();
        if (covered.Count > 0)
        {
            foreach (var bucket in matched.GroupBy(r => granularity.BucketStart(r.Time)).OrderBy(b => b.Key))
            {
                var groups = bucket
                    .SelectMany(r => r.Values(dimension).Distinct().Select(v => (Value: v, Row: r)))
                    .GroupBy(p => p.Value)
                    .ToDictionary(g => g.Key ?? "\0null", g =>
                    {
                        var row = new JsonObject { [dimension] = g.Key };
                        foreach (var (name, value) in Aggregate(aggregators, [.. g.Select(p => p.Row)]))
                        {
                            row[name] = value?.DeepClone();
                        }

                        return row;
                    });
                var timestamp = granularity.IsAll ? ReferenceData.Iso(cursorStarts.Where(s => s.Matched).Min(s => s.Start)) : granularity.Format(bucket.Key);
                expected.Add((timestamp, groups));
            }
        }

        return Case("topN", query, actual => VerifyTopN(actual, expected, dimension, metric, threshold));
    }

    private DifferentialCase GroupBy()
    {
        var roll = random.Next(10);
        var granularity = roll < 3 ? ReferenceGranularity.All : roll < 5 ? ReferenceGranularity.None : Pick(ReferenceGranularity.Bucketing);
        var (query, matched, _, _, _, _) = Start("groupBy", granularity);
        var dimensions = Dimensions.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).ToArray();
        var aggregators = Aggregators(withDoubleMax: true);
        query["dimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode?)d)]);
        query["aggregations"] = AggregationsJson(aggregators);
        var firstIntervalStart = ((JsonArray)query["intervals"]!).Select(i => Interval(i!.GetValue<string>()).Start).Min();

        var groups = new Dictionary<(long Bucket, string Key), (string?[] Values, List<ReferenceRow> Rows)>();
        foreach (var row in matched)
        {
            var bucket = granularity.BucketStart(row.Time);
            IEnumerable<string?[]> combinations = [[]];
            foreach (var dimension in dimensions)
            {
                combinations = combinations.SelectMany(c => row.Values(dimension).Distinct().Select(v => c.Append(v).ToArray())).ToList();
            }

            foreach (var values in combinations)
            {
                var key = (bucket, string.Join("\u0001", values.Select(v => v ?? "\u0000")));
                if (!groups.TryGetValue(key, out var group))
                {
                    groups[key] = group = (values, new List<ReferenceRow>());
                }

                group.Rows.Add(row);
            }
        }

        var expected = new JsonArray();
        foreach (var ((bucket, _), (values, groupRows)) in groups.OrderBy(g => g.Key.Bucket).ThenBy(g => g.Value.Values, ValuesComparer.Instance))
        {
            var row = new JsonObject();
            for (var d = 0; d < dimensions.Length; d++)
            {
                row[dimensions[d]] = values[d];
            }

            foreach (var (name, value) in Aggregate(aggregators, groupRows))
            {
                row[name] = value?.DeepClone();
            }

            var timestamp = granularity.IsAll ? ReferenceData.Iso(firstIntervalStart) : granularity.Format(bucket);
            expected.Add(new JsonObject { ["version"] = "v1", ["timestamp"] = timestamp, ["event"] = row });
        }

        return Case("groupBy", query, actual => JsonAssert.Difference(expected, actual, "$"));
    }

    private DifferentialCase Scan()
    {
        var (query, matched, _, _, _, _) = Start("scan", ReferenceGranularity.All);
        query.Remove("granularity");
        var columns = ScanColumns.OrderBy(_ => random.Next()).Take(1 + random.Next(ScanColumns.Length)).ToArray();
        var order = Pick(new[] { "none", "ascending", "descending" });
        long? limit = random.Next(5) < 2 ? 1 + random.Next(60) : null;
        var offset = random.Next(5) == 0 ? random.Next(30) : 0;
        var compacted = random.Next(4) == 0;
        var batchSize = random.Next(3) == 0 ? 5 + random.Next(40) : 20480;
        query["columns"] = new JsonArray([.. columns.Select(c => (JsonNode?)c)]);
        query["order"] = order;
        query["offset"] = offset;
        query["batchSize"] = batchSize;
        query["resultFormat"] = compacted ? "compactedList" : "list";
        if (limit is { } l)
        {
            query["limit"] = l;
        }

        JsonNode Event(ReferenceRow row) => compacted
            ? new JsonArray([.. columns.Select(row.Scanned)])
            : (JsonNode)new JsonObject(columns.Select(c => KeyValuePair.Create(c, row.Scanned(c))));

        var expected = order switch
        {
            "ascending" => matched.OrderBy(r => r.Time),
            "descending" => matched.OrderByDescending(r => r.Time),
            _ => matched.AsEnumerable(),
        };
        var expectedEvents = expected.Select(Event).ToList();
        var expectedCount = (int)Math.Min(limit ?? long.MaxValue, Math.Max(0, expectedEvents.Count - offset));
        return Case("scan", query, actual => VerifyScan(actual, expectedEvents, columns, order, offset, expectedCount, batchSize));
    }

    private DifferentialCase Search()
    {
        var roll = random.Next(5);
        var granularity = roll < 3 ? ReferenceGranularity.All : Pick(ReferenceGranularity.Bucketing);
        var (query, matched, covered, _, _, _) = Start("search", granularity);
        string[] searchable = ["country", "device", "tags"];
        var dimensions = random.Next(3) == 0 ? searchable : searchable.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToArray();
        if (dimensions != searchable)
        {
            query["searchDimensions"] = new JsonArray([.. dimensions.Select(d => (JsonNode?)d)]);
        }

        string[] texts = ["e", "U", "u", "a", "R", "ph", "b", "t"];
        Func<string, bool> matches;
        switch (random.Next(3))
        {
            case 0:
            {
                var text = Pick(texts);
                query["query"] = new JsonObject { ["type"] = "insensitive_contains", ["value"] = text };
                matches = v => v.Contains(text, StringComparison.OrdinalIgnoreCase);
                break;
            }

            case 1:
            {
                var text = Pick(texts);
                query["query"] = new JsonObject { ["type"] = "contains", ["value"] = text, ["caseSensitive"] = true };
                matches = v => v.Contains(text, StringComparison.Ordinal);
                break;
            }

            default:
            {
                var fragments = texts.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).ToArray();
                query["query"] = new JsonObject { ["type"] = "fragment", ["values"] = new JsonArray([.. fragments.Select(f => (JsonNode?)f)]), ["caseSensitive"] = false };
                matches = v => fragments.All(f => v.Contains(f, StringComparison.OrdinalIgnoreCase));
                break;
            }
        }

        var limit = 1000;
        if (random.Next(2) == 0)
        {
            limit = 1 + random.Next(5);
            query["limit"] = limit;
        }

        var expected = new JsonArray();
        if (covered.Count > 0)
        {
            foreach (var bucket in matched.GroupBy(r => granularity.BucketStart(r.Time)).OrderBy(b => b.Key))
            {
                var hits = bucket
                    .SelectMany(r => dimensions.SelectMany(d => r.Values(d).Distinct().OfType<string>().Where(matches).Select(v => (Dimension: d, Value: v))))
                    .GroupBy(h => h)
                    .Select(g => (g.Key.Dimension, g.Key.Value, Count: g.Count()))
                    .OrderBy(h => h.Value, StringComparer.Ordinal)
                    .ThenBy(h => h.Dimension, StringComparer.Ordinal)
                    .Take(limit)
                    .ToList();
                if (hits.Count == 0)
                {
                    continue;
                }

                var timestamp = granularity.IsAll ? ReferenceData.Iso(covered.Min(c => c.Start)) : granularity.Format(bucket.Key);
                expected.Add(new JsonObject
                {
                    ["timestamp"] = timestamp,
                    ["result"] = new JsonArray([.. hits.Select(h => (JsonNode?)new JsonObject { ["dimension"] = h.Dimension, ["value"] = h.Value, ["count"] = h.Count })]),
                });
            }
        }

        return Case("search", query, actual => JsonAssert.Difference(expected, actual, "$"));
    }

    private DifferentialCase TimeBoundary()
    {
        var (query, matched, _, passes, _, _) = Start("timeBoundary", ReferenceGranularity.All);
        query.Remove("granularity");
        if (random.Next(2) == 0)
        {
            query.Remove("intervals");
            matched = [.. rows.Where(passes)];
        }

        var bound = Pick(new[] { null, "minTime", "maxTime" });
        if (bound is not null)
        {
            query["bound"] = bound;
        }

        var expected = new JsonArray();
        if (matched.Count > 0)
        {
            var min = matched.Min(r => r.Time);
            var max = matched.Max(r => r.Time);
            var result = new JsonObject();
            if (bound != "maxTime")
            {
                result["minTime"] = ReferenceData.Iso(min);
            }

            if (bound != "minTime")
            {
                result["maxTime"] = ReferenceData.Iso(max);
            }

            expected.Add(new JsonObject { ["timestamp"] = ReferenceData.Iso(bound == "maxTime" ? max : min), ["result"] = result });
        }

        return Case("timeBoundary", query, actual => JsonAssert.Difference(expected, actual, "$"));
    }

    /// <summary>The query's common fields, the rows it reads and the parts of its intervals that segments cover.</summary>
    private (JsonObject Query, List<ReferenceRow> Matched, List<(long Start, long End)> Covered, Func<ReferenceRow, bool> Passes, List<(long Start, bool Matched)> CursorStarts, long FirstStart) Start(string type, ReferenceGranularity granularity)
    {
        var intervals = Intervals();
        var query = new JsonObject
        {
            ["queryType"] = type,
            ["dataSource"] = QueryCluster.DataSource,
            ["intervals"] = new JsonArray([.. intervals.Select(i => (JsonNode?)$"{ReferenceData.Iso(i.Start)}/{ReferenceData.Iso(i.End)}")]),
            ["granularity"] = JsonNode.Parse(granularity.Json),
        };

        var filter = random.Next(10) < 7 ? ReferenceFilter.Random(random) : null;
        if (filter is not null)
        {
            query["filter"] = filter.Json.DeepClone();
        }

        var matched = rows.Where(r => intervals.Any(i => r.Time >= i.Start && r.Time < i.End) && (filter?.Matches(r) ?? true)).ToList();
        var covered = (
            from segment in _segmentStarts
            from interval in intervals
            let start = Math.Max(segment, interval.Start)
            let end = Math.Min(segment + ReferenceData.Day, interval.End)
            where start < end
            select (start, end)).ToList();
        Func<ReferenceRow, bool> passes = filter is null ? _ => true : filter.Matches;

        // Druid dates the bucket of granularity all where a segment's cursor starts: the later of an interval's start
        // and the segment's first row (matching or not); the earliest segment wins.
        var cursorStarts = (
            from segment in _segmentStarts
            let first = rows.Where(r => r.Time >= segment && r.Time < segment + ReferenceData.Day).Min(r => r.Time)
            let hit = matched.Any(r => r.Time >= segment && r.Time < segment + ReferenceData.Day)
            from interval in intervals
            where interval.Start < segment + ReferenceData.Day && interval.End > segment && first < interval.End
            select (Math.Max(interval.Start, first), hit)).ToList();
        return (query, matched, covered, passes, cursorStarts, intervals[0].Start);
    }

    private List<(long Start, long End)> Intervals()
    {
        const long Hour = 3_600_000;
        var start = ReferenceData.Start;
        var end = ReferenceData.End;
        (long, long) AnyRange()
        {
            var from = start - (ReferenceData.Day / 4) + random.NextInt64(ReferenceData.Days * ReferenceData.Day);
            return (from, from + 1 + random.NextInt64(3 * ReferenceData.Day));
        }

        switch (random.Next(8))
        {
            case 0:
                return [(start - ReferenceData.Day, end + ReferenceData.Day)];
            case 1:
                return [(start, end)];
            case 2:
                return [(end + (10 * ReferenceData.Day), end + (11 * ReferenceData.Day))];
            case 3:
                var hour = start + (random.Next(ReferenceData.Days * 24) * Hour);
                return [(hour, hour + ((1 + random.Next(72)) * Hour))];
            case 4:
            case 5:
                return [AnyRange(), AnyRange()];
            default:
                return [AnyRange()];
        }
    }

    private List<ReferenceAggregator> Aggregators(bool withDoubleMax)
    {
        var filter = ReferenceFilter.Random(random, depth: 1);
        var pool = new List<ReferenceAggregator>
        {
            new("rows", new JsonObject { ["type"] = "count", ["name"] = "rows" }, rs => rs.Count),
            new("edits", Numeric("longSum", "edits", "count"), rs => (long)rs.Count),
            new("bytes", Numeric("longSum", "bytes", "bytes"), rs => rs.Sum(r => r.Bytes)),
            new("price", Numeric("doubleSum", "price", "price"), rs => rs.Sum(r => r.Price)),
            new("maxBytes", Numeric("longMax", "maxBytes", "bytes"), rs => rs.Count == 0 ? long.MinValue : rs.Max(r => r.Bytes)),
            new("minRank", Numeric("longMin", "minRank", "rank"), rs => rs.Count == 0 ? long.MaxValue : rs.Min(r => r.Rank)),
            new(
                "filteredRows",
                new JsonObject { ["type"] = "filtered", ["filter"] = filter.Json.DeepClone(), ["aggregator"] = new JsonObject { ["type"] = "count", ["name"] = "filteredRows" } },
                rs => rs.Count(filter.Matches)),
            new(
                "filteredBytes",
                new JsonObject { ["type"] = "filtered", ["filter"] = filter.Json.DeepClone(), ["aggregator"] = Numeric("longSum", "filteredBytes", "bytes") },
                rs => rs.Where(filter.Matches).Sum(r => r.Bytes)),
        };
        if (withDoubleMax)
        {
            pool.Add(new("maxPrice", Numeric("doubleMax", "maxPrice", "price"), rs => rs.Max(r => r.Price)));
        }

        return [.. pool.OrderBy(_ => random.Next()).Take(1 + random.Next(4))];
    }

    private static JsonObject Numeric(string type, string name, string field) => new() { ["type"] = type, ["name"] = name, ["fieldName"] = field };

    private static JsonArray AggregationsJson(IEnumerable<ReferenceAggregator> aggregators) => [.. aggregators.Select(a => (JsonNode?)a.Json.DeepClone())];

    private static JsonObject Aggregate(IEnumerable<ReferenceAggregator> aggregators, IReadOnlyCollection<ReferenceRow> rows) =>
        new(aggregators.Select(a => KeyValuePair.Create<string, JsonNode?>(a.Name, a.Compute(rows))));

    private static (long Start, long End) Interval(string iso)
    {
        var parts = iso.Split('/');
        return (DateTimeOffset.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(),
            DateTimeOffset.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
    }

    private static DifferentialCase Case(string type, JsonObject query, Func<JsonArray, string?> verify) => new(type, query.ToJsonString(), verify);

    /// <summary>
    /// Ties in the ranking metric may come in any order: each bucket must hold the best <paramref name="threshold"/>
    /// metric values in order, and each value's row must equal the reference group of its dimension value.
    /// </summary>
    private static string? VerifyTopN(JsonArray actual, List<(string Timestamp, Dictionary<string, JsonObject> Groups)> expected, string dimension, string metric, int threshold)
    {
        if (actual.Count != expected.Count)
        {
            return $"$: expected {expected.Count} buckets but was {actual.Count}";
        }

        for (var b = 0; b < expected.Count; b++)
        {
            var (timestamp, groups) = expected[b];
            if ((string?)actual[b]!["timestamp"] != timestamp)
            {
                return $"$[{b}].timestamp: expected {timestamp} but was {actual[b]!["timestamp"]}";
            }

            var results = actual[b]!["result"]!.AsArray();
            var best = groups.Values.Select(g => JsonAssert.Number(g[metric]!)).OrderDescending().Take(threshold).ToList();
            if (results.Count != best.Count)
            {
                return $"$[{b}].result: expected {best.Count} rows but was {results.Count}";
            }

            var seen = new HashSet<string>();
            for (var i = 0; i < results.Count; i++)
            {
                var key = (string?)results[i]![dimension] ?? "\0null";
                if (!seen.Add(key) || !groups.TryGetValue(key, out var group))
                {
                    return $"$[{b}].result[{i}].{dimension}: unexpected or repeated value {results[i]![dimension]}";
                }

                if (JsonAssert.Number(results[i]![metric]!) != best[i])
                {
                    return $"$[{b}].result[{i}].{metric}: expected rank value {best[i]} but was {results[i]![metric]}";
                }

                if (JsonAssert.Difference(group, results[i], $"$[{b}].result[{i}]") is { } difference)
                {
                    return difference;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Ordered scans must match exactly; unordered ones as a multiset, or, when limited or offset, by count and
    /// membership. Batches must name the columns and stay within the batch size.
    /// </summary>
    private static string? VerifyScan(JsonArray actual, List<JsonNode> expected, string[] columns, string order, int offset, int expectedCount, int batchSize)
    {
        var events = new List<JsonNode>();
        foreach (var batch in actual)
        {
            if (JsonAssert.Difference(new JsonArray([.. columns.Select(c => (JsonNode?)c)]), batch!["columns"], "$[].columns") is { } difference)
            {
                return difference;
            }

            var batchEvents = batch["events"]!.AsArray();
            if (batchEvents.Count == 0 || batchEvents.Count > batchSize)
            {
                return $"$[].events: a batch holds {batchEvents.Count} events (batch size {batchSize})";
            }

            events.AddRange(batchEvents.Select(e => e!));
        }

        if (events.Count != expectedCount)
        {
            return $"$: expected {expectedCount} events but was {events.Count}";
        }

        if (order != "none")
        {
            return JsonAssert.Difference(new JsonArray([.. expected.Skip(offset).Take(expectedCount).Select(e => e.DeepClone())]), new JsonArray([.. events.Select(e => e.DeepClone())]), "$events");
        }

        var remaining = expected.Select(e => e.ToJsonString()).ToList();
        foreach (var scanned in events)
        {
            var text = scanned.ToJsonString();
            var at = remaining.FindIndex(e => JsonAssert.Difference(JsonNode.Parse(e), scanned, "$") is null);
            if (at < 0)
            {
                return $"$events: {text} is not a row the reference selects";
            }

            remaining.RemoveAt(at);
        }

        return null;
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private sealed record ReferenceAggregator(string Name, JsonObject Json, Func<IReadOnlyCollection<ReferenceRow>, JsonNode> Compute);

    /// <summary>Orders dimension values lexicographically, a missing value first.</summary>
    private sealed class ValuesComparer : IComparer<string?[]>
    {
        public static readonly ValuesComparer Instance = new();

        public int Compare(string?[]? x, string?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var order = x[i] is null ? (y![i] is null ? 0 : -1) : y![i] is null ? 1 : string.CompareOrdinal(x[i], y[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return 0;
        }
    }
}
