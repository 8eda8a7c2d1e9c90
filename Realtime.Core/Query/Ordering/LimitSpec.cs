using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;

namespace Realtime.Core.Query.Ordering;

/// <summary>A groupBy query's <c>limitSpec</c>: orders the result rows and keeps a window of them.</summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("limitSpec", DefaultType = "default")]
public abstract class LimitSpec : IJsonOnDeserialized
{
    /// <summary>Orders and limits <paramref name="rows"/> (finalized values, post-aggregators included).</summary>
    /// <param name="rows">The rows, in time then dimension order.</param>
    /// <param name="columns">What the query's output columns are, for choosing each column's ordering.</param>
    /// <param name="sortByDimsFirst">The <c>sortByDimsFirst</c> context flag: order by the columns before the timestamp.</param>
    /// <exception cref="ArgumentException">The spec orders by a column the query does not have; the message names it.</exception>
    public abstract IEnumerable<ResultRow> Apply(IReadOnlyList<ResultRow> rows, QueryColumns columns, bool sortByDimsFirst);

    /// <summary>Checks the spec fields; called after the spec is read from JSON.</summary>
    /// <exception cref="ArgumentException">A field is wrong; the message names it and its value.</exception>
    public virtual void Validate()
    {
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);
}
