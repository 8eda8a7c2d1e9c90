using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;
using Realtime.Core.Filters;

namespace Realtime.Core.Query.Model;

/// <summary>
/// A Druid native query as posted to <c>/druid/v2</c>: the fields every query type shares. The concrete class is
/// chosen by <c>queryType</c>.
/// </summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("query", Discriminator = "queryType")]
public abstract class Query
{
    /// <summary>The data sources read (a table name, or a union of them).</summary>
    [JsonRequired]
    public DataSource DataSource { get; init; } = null!;

    /// <summary>The time ranges (half-open) or segment descriptors the query reads.</summary>
    public QuerySegmentSpec? Intervals { get; init; }

    /// <summary>The rows the query reads, or null for all.</summary>
    public DimFilter? Filter { get; init; }

    /// <summary>The query context (<c>queryId</c>, <c>timeout</c>, <c>finalize</c>, …).</summary>
    public Dictionary<string, JsonElement>? Context { get; init; }

    /// <summary>The query type name as written in <c>queryType</c>.</summary>
    [JsonIgnore]
    public string QueryType => ComponentTypeNames.Of(GetType());

    /// <summary>The context, with typed accessors.</summary>
    [JsonIgnore]
    public QueryContext QueryContext => new(Context);

    /// <summary>Whether the query needs <see cref="Intervals"/>; metadata queries default to all time.</summary>
    [JsonIgnore]
    protected virtual bool RequiresIntervals => true;

    /// <summary>Checks the fields that do not depend on the data.</summary>
    /// <exception cref="QueryValidationException">A field is missing or wrong; the exception names its JSON path.</exception>
    public virtual void Validate()
    {
        if (RequiresIntervals && Intervals is null)
        {
            throw new QueryValidationException("$.intervals", "intervals is required.");
        }
    }

    /// <summary>The intervals read, all time when none were given.</summary>
    [JsonIgnore]
    public IReadOnlyList<Abstractions.Time.Interval> EffectiveIntervals =>
        Intervals is { } spec ? spec.Intervals : [Abstractions.Time.Interval.Eternity];
}

/// <summary>A query field that is invalid, with the JSON path that names it.</summary>
public sealed class QueryValidationException(string path, string message) : Exception($"{message} (at {path})")
{
    /// <summary>The JSON path of the problem, for example <c>$.aggregations[1].fieldName</c>.</summary>
    public string Path { get; } = path;
}
