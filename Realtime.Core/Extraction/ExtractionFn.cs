using System.Globalization;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;

namespace Realtime.Core.Extraction;

/// <summary>
/// Druid's <c>extractionFn</c>: maps each value of a column to another value, in dimension specs and filters.
/// Null stands for "no value" both in and out; an empty result is the same as null.
/// </summary>
/// <remarks>
/// Instances are immutable once deserialized and may be shared between threads. Deserialization checks the fields
/// (<see cref="Validate"/>), so a bad function fails where the query is read, with the field named.
/// </remarks>
[ComponentSlot("extractionFn")]
public abstract class ExtractionFn : IJsonOnDeserialized
{
    /// <summary>Maps a text value (null for no value).</summary>
    public abstract string? Apply(string? value);

    /// <summary>Maps a long value; <c>__time</c> arrives here as epoch milliseconds.</summary>
    public virtual string? Apply(long value) => Apply(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Maps a floating value.</summary>
    public virtual string? Apply(double value) => Apply(DimensionValues.ToText(value));

    /// <summary>Whether the mapping keeps the lexicographic order of its inputs (lets sorted scans stay sorted).</summary>
    [JsonIgnore]
    public virtual bool PreservesOrdering => false;

    /// <summary>Whether distinct inputs always give distinct outputs.</summary>
    [JsonIgnore]
    public virtual bool IsOneToOne => false;

    /// <summary>Checks the fields and prepares what <see cref="Apply(string)"/> needs.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names the function and the field.</exception>
    public virtual void Validate()
    {
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);
}
