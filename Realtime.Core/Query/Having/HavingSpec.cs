using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;

namespace Realtime.Core.Query.Having;

/// <summary>A groupBy query's <c>having</c> clause: keeps the result rows it matches, after post-aggregation.</summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("having")]
public abstract class HavingSpec : IJsonOnDeserialized
{
    /// <summary>Whether <paramref name="row"/> (finalized values) is kept.</summary>
    public abstract bool Matches(ResultRow row);

    /// <summary>Checks the spec fields; called after the clause is read from JSON.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names it.</exception>
    public virtual void Validate()
    {
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);
}
