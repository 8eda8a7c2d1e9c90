using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.Core.Tests.Query;

/// <summary>Structural comparison of JSON results: objects by member name, arrays in order, numbers by value.</summary>
internal static class JsonAssert
{
    /// <summary>Fails with the JSON path of the first difference.</summary>
    public static void AreEquivalent(string expectedJson, JsonNode? actual, string because = "") =>
        AreEquivalent(JsonNode.Parse(expectedJson), actual, because);

    /// <summary>Fails with the JSON path of the first difference.</summary>
    public static void AreEquivalent(JsonNode? expected, JsonNode? actual, string because = "")
    {
        if (Difference(expected, actual, "$") is { } difference)
        {
            Assert.Fail($"{because}{(because.Length > 0 ? ": " : "")}{difference}\nexpected: {expected?.ToJsonString()}\nactual:   {actual?.ToJsonString()}");
        }
    }

    /// <summary>The first difference between two JSON values, or null when they are equivalent.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path)
    {
        var expectedKind = expected?.GetValueKind() ?? JsonValueKind.Null;
        var actualKind = actual?.GetValueKind() ?? JsonValueKind.Null;
        if (expectedKind != actualKind && !(IsBoolean(expectedKind) && IsBoolean(actualKind)))
        {
            return $"{path}: expected {Describe(expected)} but was {Describe(actual)}";
        }

        switch (expectedKind)
        {
            case JsonValueKind.Object:
                var expectedObject = expected!.AsObject();
                var actualObject = actual!.AsObject();
                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.ContainsKey(name))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (Difference(value, actualObject[name], $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                var extra = actualObject.Select(p => p.Key).FirstOrDefault(n => !expectedObject.ContainsKey(n));
                return extra is null ? null : $"{path}.{extra}: unexpected member";
            case JsonValueKind.Array:
                var expectedArray = expected!.AsArray();
                var actualArray = actual!.AsArray();
                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    if (Difference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return expectedArray.Count == actualArray.Count ? null : $"{path}: expected {expectedArray.Count} elements but was {actualArray.Count}";
            case JsonValueKind.Number:
                var x = Number(expected!);
                var y = Number(actual!);
                return x == y || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) ? null : $"{path}: expected {x} but was {y}";
            case JsonValueKind.Null:
                return null;
            default:
                return expected!.ToJsonString() == actual!.ToJsonString() ? null : $"{path}: expected {Describe(expected)} but was {Describe(actual)}";
        }
    }

    /// <summary>A JSON number as a double.</summary>
    public static double Number(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsBoolean(JsonValueKind kind) => kind is JsonValueKind.True or JsonValueKind.False;

    private static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";
}
