using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// A query's post-aggregator: computes a value from a result row's aggregated values (and earlier post-aggregators),
/// after partial results are combined.
/// </summary>
/// <remarks>Instances are immutable once deserialized and may be shared between threads.</remarks>
[ComponentSlot("postAggregator")]
public abstract class PostAggregator : IJsonOnDeserialized
{
    /// <summary>The output name; a post-aggregator nested in another's <c>fields</c> may leave it empty.</summary>
    public virtual string Name { get; init; } = "";

    /// <summary>The aggregator and post-aggregator names the value depends on.</summary>
    [JsonIgnore]
    public abstract IReadOnlySet<string> DependentFields { get; }

    /// <summary>How values of this post-aggregator sort (numbers ascending by default).</summary>
    [JsonIgnore]
    public virtual IComparer<object?> Comparer => NumericValueComparer.Instance;

    /// <summary>The spec type name this post-aggregator was registered under (for example <c>arithmetic</c>).</summary>
    [JsonIgnore]
    public string TypeName => ComponentTypeNames.Of(GetType());

    /// <summary>Names the post-aggregator in messages: its type and, when set, its name.</summary>
    private protected string Description => string.IsNullOrEmpty(Name) ? $"{TypeName} post-aggregator" : $"{TypeName} post-aggregator '{Name}'";

    /// <summary>
    /// Computes the value from <paramref name="values"/>, which hold unfinalized aggregator states. A field missing
    /// from <paramref name="values"/> reads as null; <see cref="PostAggregatorPlan.Create"/> rejects names that are
    /// not columns of the query before any row is computed.
    /// </summary>
    /// <param name="values">The row's aggregator values and the post-aggregators computed before this one.</param>
    /// <param name="aggregators">The query's aggregators by name, for finalizing a state.</param>
    /// <exception cref="ArgumentException">A field holds a value the post-aggregator cannot use; the message names the post-aggregator and the field.</exception>
    public abstract object? Compute(IReadOnlyDictionary<string, object?> values, IReadOnlyDictionary<string, AggregatorFactory> aggregators);

    /// <summary>Checks the spec fields; called after the post-aggregator is read from JSON.</summary>
    /// <exception cref="ArgumentException">A field is missing or wrong; the message names the post-aggregator and the field.</exception>
    public virtual void Validate()
    {
    }

    /// <inheritdoc />
    void IJsonOnDeserialized.OnDeserialized() => SpecJson.ValidateDeserialized(Validate);

    /// <summary>The error for a field name that is not a column of the query.</summary>
    internal ArgumentException UnknownField(string field) =>
        new($"{Description}: field '{field}' is not an aggregator, dimension or post-aggregator of the query.");

    /// <summary>Throws when a required text field is missing or empty.</summary>
    private protected void Require(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{Description}: {field} is required.");
        }
    }

    /// <summary>The ordering a post-aggregator's <c>ordering</c> field names.</summary>
    private protected ValueOrdering OrderingNamed(string? ordering) =>
        ValueOrdering.FromName(ordering)
        ?? throw new ArgumentException($"{Description}: ordering '{ordering}' is not known; use null or \"numericFirst\".");

    /// <summary>
    /// A value as a double for arithmetic: numbers as they are, a HyperLogLog sketch as its estimate, null as null.
    /// </summary>
    /// <param name="value">The value of a field.</param>
    /// <param name="source">Names the field in the message when the value is not a number.</param>
    private protected double? NumberOf(object? value, string source) => value switch
    {
        null => null,
        HyperLogLogCollector sketch => sketch.Estimate(),
        string text => throw NotANumber(source, text),
        _ => NumericValueComparer.ToDouble(value) ?? throw NotANumber(source, value),
    };

    /// <summary>The names every post-aggregator in <paramref name="fields"/> depends on.</summary>
    private protected static IReadOnlySet<string> DependentFieldsOf(IEnumerable<PostAggregator> fields) =>
        fields.SelectMany(f => f.DependentFields).ToHashSet(StringComparer.Ordinal);

    /// <summary>Throws unless <paramref name="fields"/> holds at least <paramref name="minimum"/> post-aggregators and no null.</summary>
    private protected void RequireFields(IReadOnlyList<PostAggregator>? fields, int minimum)
    {
        if (fields is null || fields.Count < minimum)
        {
            throw new ArgumentException($"{Description}: fields must hold at least {minimum} post-aggregator{(minimum == 1 ? "" : "s")}.");
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i] is null)
            {
                throw new ArgumentException($"{Description}: fields[{i}] is null.");
            }
        }
    }

    private ArgumentException NotANumber(string source, object value) =>
        new($"{Description}: {source} is not a number ({value.GetType().Name} '{ResultRow.TextOf(value)}').");
}
