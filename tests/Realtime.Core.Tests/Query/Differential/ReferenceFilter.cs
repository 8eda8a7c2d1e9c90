using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Realtime.Core.Tests.Query.Differential;

/// <summary>A random query filter and the same condition written naively over <see cref="ReferenceRow"/>s.</summary>
/// <param name="Json">The filter as query JSON.</param>
/// <param name="Matches">Whether a stored row passes.</param>
internal sealed record ReferenceFilter(JsonNode Json, Func<ReferenceRow, bool> Matches)
{
    private static readonly string[] StringDimensions = ["country", "device", "tags"];
    private static readonly string[] Dimensions = ["country", "device", "tags", "rank"];

    /// <summary>A filter of every supported kind, nested up to <paramref name="depth"/> logical levels.</summary>
    public static ReferenceFilter Random(Random random, int depth = 2)
    {
        switch (random.Next(depth > 0 ? 14 : 11))
        {
            case 0:
            {
                var dimension = Pick(random, Dimensions);
                var value = Pick(random, Vocabulary(dimension));
                return new(new JsonObject { ["type"] = "selector", ["dimension"] = dimension, ["value"] = value }, row => row.Values(dimension).Contains(value));
            }

            case 1:
            {
                var dimension = Pick(random, Dimensions);
                var values = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Pick(random, Vocabulary(dimension))).Distinct().ToArray();
                return new(
                    new JsonObject { ["type"] = "in", ["dimension"] = dimension, ["values"] = new JsonArray([.. values.Select(v => (JsonNode?)v)]) },
                    row => row.Values(dimension).Any(values.Contains));
            }

            case 2:
            {
                var dimension = Pick(random, Dimensions);
                string[] bounds = ["", "1", "15", "5", "B", "DE", "FR", "U", "a", "c", "phone", "t"];
                var lower = random.Next(3) > 0 ? Pick(random, bounds) : null;
                var upper = lower is null || random.Next(2) == 0 ? Pick(random, bounds) : null;
                var lowerStrict = random.Next(2) == 0;
                var upperStrict = random.Next(2) == 0;
                var json = new JsonObject { ["type"] = "bound", ["dimension"] = dimension, ["lowerStrict"] = lowerStrict, ["upperStrict"] = upperStrict };
                if (lower is not null)
                {
                    json["lower"] = lower;
                }

                if (upper is not null)
                {
                    json["upper"] = upper;
                }

                // Lexicographic order compares UTF-8 bytes; a row without a value compares as the empty string.
                bool InBounds(string? value)
                {
                    var text = value ?? "";
                    var low = lower is null ? 1 : string.CompareOrdinal(text, lower);
                    var high = upper is null ? 1 : string.CompareOrdinal(upper, text);
                    return (low > 0 || (low == 0 && !lowerStrict)) && (high > 0 || (high == 0 && !upperStrict));
                }

                return new(json, row => row.Values(dimension).Any(InBounds));
            }

            case 3:
            {
                double[] bounds = [-1, 0, 3, 5.5, 10, 20, 25];
                return NumericBound(random, "rank", bounds.Select(b => b.ToString(CultureInfo.InvariantCulture)).ToArray(), row => row.Rank);
            }

            case 4:
            {
                var times = Enumerable.Range(0, 4).Select(_ => (ReferenceData.Start + random.NextInt64(ReferenceData.End - ReferenceData.Start)).ToString(CultureInfo.InvariantCulture)).ToArray();
                return NumericBound(random, "__time", times, row => row.Time);
            }

            case 5:
            {
                var intervals = Enumerable.Range(0, 1 + random.Next(2)).Select(_ =>
                {
                    var start = ReferenceData.Start + random.NextInt64(ReferenceData.End - ReferenceData.Start);
                    return (Start: start, End: start + random.NextInt64(2 * ReferenceData.Day));
                }).ToArray();
                return new(
                    new JsonObject
                    {
                        ["type"] = "interval",
                        ["dimension"] = "__time",
                        ["intervals"] = new JsonArray([.. intervals.Select(i => (JsonNode?)$"{ReferenceData.Iso(i.Start)}/{ReferenceData.Iso(i.End)}")]),
                    },
                    row => intervals.Any(i => row.Time >= i.Start && row.Time < i.End));
            }

            case 6:
            {
                var dimension = Pick(random, StringDimensions);
                var pattern = Pick(random, dimension switch
                {
                    "country" => new[] { "U%", "%R", "_E", "b%", "%" },
                    "device" => new[] { "%e%", "ph%", "%t_p" },
                    _ => new[] { "a", "%b%", "_" },
                });
                var regex = new Regex("^" + string.Concat(pattern.Select(c => c switch { '%' => ".*", '_' => ".", _ => Regex.Escape(c.ToString()) })) + "$", RegexOptions.Singleline);
                return new(
                    new JsonObject { ["type"] = "like", ["dimension"] = dimension, ["pattern"] = pattern },
                    row => row.Values(dimension).Any(v => regex.IsMatch(v ?? "")));
            }

            case 7:
            {
                var dimension = Pick(random, StringDimensions);
                var pattern = Pick(random, dimension switch
                {
                    "country" => new[] { "^[A-F]", "R$", "[a-z]" },
                    "device" => new[] { "^p", "o" },
                    _ => new[] { "[ace]", "^b$" },
                });
                var regex = new Regex(pattern);
                return new(
                    new JsonObject { ["type"] = "regex", ["dimension"] = dimension, ["pattern"] = pattern },
                    row => row.Values(dimension).Any(v => regex.IsMatch(v ?? "")));
            }

            case 8:
            {
                var dimension = Pick(random, StringDimensions);
                var text = Pick(random, new[] { "e", "U", "a", "ph", "r" });
                return new(
                    new JsonObject { ["type"] = "search", ["dimension"] = dimension, ["query"] = new JsonObject { ["type"] = "insensitive_contains", ["value"] = text } },
                    row => row.Values(dimension).Any(v => v is not null && v.Contains(text, StringComparison.OrdinalIgnoreCase)));
            }

            case 9:
            {
                var pair = Pick(random, new[] { ("country", "device"), ("tags", "device"), ("tags", "country") });
                return new(
                    new JsonObject { ["type"] = "columnComparison", ["dimensions"] = new JsonArray(pair.Item1, pair.Item2) },
                    row => row.Values(pair.Item1).Intersect(row.Values(pair.Item2)).Any());
            }

            case 10:
                return random.Next(2) == 0
                    ? new(new JsonObject { ["type"] = "true" }, _ => true)
                    : new(new JsonObject { ["type"] = "false" }, _ => false);

            case 11:
            {
                var fields = Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Random(random, depth - 1)).ToArray();
                return new(Logical("and", fields), row => fields.All(f => f.Matches(row)));
            }

            case 12:
            {
                var fields = Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Random(random, depth - 1)).ToArray();
                return new(Logical("or", fields), row => fields.Any(f => f.Matches(row)));
            }

            default:
            {
                var field = Random(random, depth - 1);
                return new(new JsonObject { ["type"] = "not", ["field"] = field.Json.DeepClone() }, row => !field.Matches(row));
            }
        }
    }

    private static ReferenceFilter NumericBound(Random random, string dimension, string[] bounds, Func<ReferenceRow, long> value)
    {
        var lower = random.Next(3) > 0 ? Pick(random, bounds) : null;
        var upper = lower is null || random.Next(2) == 0 ? Pick(random, bounds) : null;
        var lowerStrict = random.Next(2) == 0;
        var upperStrict = random.Next(2) == 0;
        var json = new JsonObject { ["type"] = "bound", ["dimension"] = dimension, ["ordering"] = "numeric", ["lowerStrict"] = lowerStrict, ["upperStrict"] = upperStrict };
        if (lower is not null)
        {
            json["lower"] = lower;
        }

        if (upper is not null)
        {
            json["upper"] = upper;
        }

        var low = lower is null ? double.NegativeInfinity : double.Parse(lower, CultureInfo.InvariantCulture);
        var high = upper is null ? double.PositiveInfinity : double.Parse(upper, CultureInfo.InvariantCulture);
        return new(json, row =>
        {
            var v = value(row);
            return (lowerStrict ? v > low : v >= low) && (upperStrict ? v < high : v <= high);
        });
    }

    private static JsonObject Logical(string type, ReferenceFilter[] fields) =>
        new() { ["type"] = type, ["fields"] = new JsonArray([.. fields.Select(f => f.Json.DeepClone())]) };

    private static string?[] Vocabulary(string dimension) => dimension switch
    {
        "country" => [.. ReferenceData.Countries, null, "zz"],
        "device" => [.. ReferenceData.Devices, null, "zz"],
        "tags" => [.. ReferenceData.TagValues, null, "zz"],
        _ => ["0", "5", "12", "20", "zz", null],
    };

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
