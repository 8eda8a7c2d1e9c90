using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;
using Realtime.Core.Extraction;

namespace Realtime.Core.Query.Dimensions;

/// <summary>
/// A query's dimension spec: which column to group or search by, the output name, and how values are mapped
/// (<c>default</c>, <c>extraction</c>, <c>lookup</c>) or restricted (<c>listFiltered</c>, <c>regexFiltered</c>, <c>prefixFiltered</c>).
/// A plain JSON string is the <c>default</c> spec of that column.
/// </summary>
/// <remarks>
/// Instances are immutable once deserialized and may be shared between threads. Deserialization checks the fields
/// (<see cref="Validate"/>), so a bad spec fails where the query is read, with the field named.
/// </remarks>
[ComponentSlot("dimensionSpec", DefaultType = "default")]
public abstract class DimensionSpec : IShorthandComponent<DimensionSpec>, IJsonOnDeserialized
{
    /// <summary>The column read; may be <c>__time</c>.</summary>
    public abstract string Dimension { get; init; }

    /// <summary>The name of the column in results; the dimension's own name unless set.</summary>
    public abstract string OutputName { get; init; }

    /// <summary>The extraction applied to each value, or null.</summary>
    public virtual ExtractionFn? ExtractionFn => null;

    /// <summary>The output type named in the spec (<c>STRING</c>, <c>LONG</c>, <c>FLOAT</c>, <c>DOUBLE</c>).</summary>
    public virtual string OutputType { get; init; } = "STRING";

    /// <summary>Whether a (mapped) value is kept; filtered specs drop the values they do not list.</summary>
    public virtual bool Keeps(string? value) => true;

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names the spec and the field.</exception>
    public virtual void Validate()
    {
    }

    /// <summary>The <c>default</c> spec of the column named by <paramref name="value"/>.</summary>
    public static DimensionSpec FromShorthand(string value) => new DefaultDimensionSpec { Dimension = value };

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);
}
