using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>lookup</c> extraction function: each value replaced by its value in the inline <see cref="Lookup"/>. A value the
/// lookup lacks becomes <see cref="ReplaceMissingValueWith"/> (null unless set), or stays as it is with
/// <see cref="RetainMissingValue"/>. Rows without a value look up the empty key.
/// </summary>
public sealed class LookupExtractionFn : ExtractionFn
{
    /// <summary>The lookup, such as <c>{"type": "map", "map": {"foo": "bar"}}</c>.</summary>
    public LookupExtractor? Lookup { get; init; }

    /// <summary>Whether a value the lookup lacks stays as it is.</summary>
    public bool RetainMissingValue { get; init; }

    /// <summary>What a value the lookup lacks becomes; null (the same as empty) unless set.</summary>
    public string? ReplaceMissingValueWith { get; init; }

    /// <summary>Whether distinct values map to distinct values; the lookup's own <c>isOneToOne</c> unless set.</summary>
    public bool? Injective { get; init; }

    /// <summary>Druid's hint to rewrite filters on looked-up values into filters on keys; accepted and kept, with no effect here.</summary>
    public bool Optimize { get; init; } = true;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsOneToOne => Injective ?? Lookup?.IsOneToOne ?? false;

    /// <inheritdoc />
    public override void Validate() => Validate(Lookup, RetainMissingValue, ReplaceMissingValueWith, "lookup extraction function");

    /// <inheritdoc />
    public override string? Apply(string? value)
    {
        var found = Lookup?.Apply(value ?? "");
        if (!string.IsNullOrEmpty(found))
        {
            return found;
        }

        return EmptyText.ToNull(RetainMissingValue ? value : ReplaceMissingValueWith);
    }

    /// <summary>Checks the fields of an inline lookup; <paramref name="owner"/> names the spec in messages.</summary>
    /// <exception cref="ArgumentException">The lookup is missing or invalid, or both missing-value options are set.</exception>
    internal static void Validate(LookupExtractor? lookup, bool retainMissingValue, string? replaceMissingValueWith, string owner)
    {
        if (lookup is null)
        {
            throw new ArgumentException($"{owner}: lookup is required (an inline lookup such as {{\"type\": \"map\", \"map\": {{…}}}}).");
        }

        lookup.Validate();
        if (retainMissingValue && !string.IsNullOrEmpty(replaceMissingValueWith))
        {
            throw new ArgumentException($"{owner}: retainMissingValue cannot be true when replaceMissingValueWith is set.");
        }
    }
}
