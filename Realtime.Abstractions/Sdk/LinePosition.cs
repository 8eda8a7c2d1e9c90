using System.Text.Json;

namespace Realtime.Abstractions.Sdk;

/// <summary>
/// How far a firehose over an ordered list of line-based sources (files, objects) has got: the sources read whole,
/// and the last line handed out of the one being read. Firehoses store it as commit metadata and resume from it.
/// </summary>
/// <param name="Completed">The sources whose every line has been handed out.</param>
/// <param name="Current">The source being read, or null between sources.</param>
/// <param name="Line">The 1-based number of the last line handed out of <paramref name="Current"/>.</param>
/// <remarks>Added in contracts 1.2.</remarks>
public sealed record LinePosition(IReadOnlyList<string> Completed, string? Current, long Line)
{
    private const string LineProperty = "line";

    /// <summary>Nothing read yet.</summary>
    public static LinePosition Start { get; } = new([], null, 0);

    /// <summary>
    /// Writes the position as <c>{"&lt;completedProperty&gt;": [...], "&lt;currentProperty&gt;": "...", "line": N}</c>,
    /// leaving out the current source and line between sources.
    /// </summary>
    public JsonElement ToJson(string completedProperty, string currentProperty)
    {
        var json = new Dictionary<string, object?> { [completedProperty] = Completed };
        if (Current is not null)
        {
            json[currentProperty] = Current;
            json[LineProperty] = Line;
        }

        return JsonSerializer.SerializeToElement(json);
    }

    /// <summary>Reads a position written by <see cref="ToJson"/> with the same property names.</summary>
    /// <returns>The position, <see cref="Start"/> when there is no metadata, or null when the metadata has another shape.</returns>
    public static LinePosition? Read(JsonElement? metadata, string completedProperty, string currentProperty)
    {
        if (metadata is not { } m)
        {
            return Start;
        }

        if (m.ValueKind != JsonValueKind.Object || !m.TryGetProperty(completedProperty, out var completed)
            || completed.ValueKind != JsonValueKind.Array || !completed.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
        {
            return null;
        }

        var inSource = m.TryGetProperty(currentProperty, out var current) && current.ValueKind == JsonValueKind.String
            && m.TryGetProperty(LineProperty, out var line) && line.ValueKind == JsonValueKind.Number;
        return new LinePosition(
            [.. completed.EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.Ordinal)],
            inSource ? current.GetString() : null,
            inSource ? m.GetProperty(LineProperty).GetInt64() : 0);
    }
}
