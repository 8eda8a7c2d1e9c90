using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;

namespace Realtime.Core.Extraction;

/// <summary>A lookup given inline in a query (Druid's <c>lookup</c> object): maps keys to values.</summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("lookup")]
public abstract class LookupExtractor : IJsonOnDeserialized
{
    /// <summary>Whether distinct keys map to distinct values, as the lookup declares.</summary>
    public bool IsOneToOne { get; init; }

    /// <summary>The value of <paramref name="key"/>, or null when the lookup has none.</summary>
    public abstract string? Apply(string key);

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names it.</exception>
    public abstract void Validate();

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);
}

/// <summary>The <c>map</c> lookup: the keys and values of <see cref="Map"/>.</summary>
public sealed class MapLookupExtractor : LookupExtractor
{
    /// <summary>The values by key; the empty key holds the value of rows without a value.</summary>
    public IReadOnlyDictionary<string, string?>? Map { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (Map is null)
        {
            throw new ArgumentException("map lookup: map is required.");
        }
    }

    /// <inheritdoc />
    public override string? Apply(string key) => Map is not null && Map.TryGetValue(key, out var value) ? value : null;
}
