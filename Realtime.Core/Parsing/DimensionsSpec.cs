using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Parsing;

/// <summary>The parse spec's <c>dimensionsSpec</c>: the dimensions rows are indexed with.</summary>
/// <remarks>
/// With an empty <see cref="Dimensions"/> list the spec is schemaless: every field of a row becomes a string
/// dimension, in the order the row carries them, except the timestamp column, <see cref="DimensionExclusions"/> and
/// the pipeline's implicit exclusions (aggregator inputs and names).
/// </remarks>
public sealed class DimensionsSpec
{
    private IReadOnlyList<ColumnSchema>? _schema;

    /// <summary>The explicit dimensions in column order; empty for schemaless discovery.</summary>
    public IReadOnlyList<DimensionSchema> Dimensions { get; init; } = [];

    /// <summary>Fields that schemaless discovery skips.</summary>
    public IReadOnlyList<string> DimensionExclusions { get; init; } = [];

    /// <summary>Druid's spatial dimensions; accepted only when empty, as spatial indexing is not supported.</summary>
    public IReadOnlyList<JsonElement> SpatialDimensions { get; init; } = [];

    /// <summary>Whether dimensions are discovered from the rows.</summary>
    [JsonIgnore]
    public bool IsSchemaless => Dimensions.Count == 0;

    /// <summary>The explicit dimensions as column schemas (name and type), in order; empty when schemaless.</summary>
    [JsonIgnore]
    public IReadOnlyList<ColumnSchema> Schema => _schema ??= Dimensions.Select(d => d.ToColumnSchema()).ToArray();

    /// <summary>Checks names for duplicates, overlap with exclusions and unsupported spatial dimensions.</summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message names the field.</exception>
    internal void Validate(string path)
    {
        if (SpatialDimensions.Count > 0)
        {
            throw new ArgumentException($"{path}.spatialDimensions is not supported: spatial indexing is not available; remove the entries.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dimension in Dimensions)
        {
            if (!names.Add(dimension.Name))
            {
                throw new ArgumentException($"{path}.dimensions lists '{dimension.Name}' more than once.");
            }
        }

        foreach (var excluded in DimensionExclusions)
        {
            if (names.Contains(excluded))
            {
                throw new ArgumentException($"{path}.dimensionExclusions contains '{excluded}', which is also in {path}.dimensions.");
            }
        }
    }
}
