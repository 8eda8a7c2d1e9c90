using Realtime.Core.Aggregation;
using Realtime.Core.Query.Ordering;

namespace Realtime.Core.Query.PostAggregation;

/// <summary>
/// A query's post-aggregators, checked against its dimensions and aggregators and put in computing order (each
/// after the post-aggregators it reads), ready to compute over result rows.
/// </summary>
/// <remarks>Immutable and safe to use from several threads at once (each row from one thread).</remarks>
public sealed class PostAggregatorPlan
{
    private PostAggregatorPlan(
        IReadOnlyList<PostAggregator> postAggregators,
        IReadOnlyDictionary<string, AggregatorFactory> aggregators,
        QueryColumns columns)
    {
        PostAggregators = postAggregators;
        Aggregators = aggregators;
        Columns = columns;
    }

    /// <summary>The post-aggregators in computing order: the query's order, except that one that reads another comes after it.</summary>
    public IReadOnlyList<PostAggregator> PostAggregators { get; }

    /// <summary>The query's aggregators by name.</summary>
    public IReadOnlyDictionary<string, AggregatorFactory> Aggregators { get; }

    /// <summary>
    /// The query's output columns: the dimensions, the aggregators (whose values sort as numbers, states such as
    /// sketches by their finalized value) and the post-aggregators with their comparers; what
    /// <see cref="LimitSpec.Apply"/> and <see cref="TopNMetricSpec.CreateComparer"/> take.
    /// </summary>
    public QueryColumns Columns { get; }

    /// <summary>Checks the post-aggregators of a query and orders them for computing.</summary>
    /// <param name="dimensions">The output names of the query's dimensions (none for a timeseries query).</param>
    /// <param name="aggregators">The query's aggregators.</param>
    /// <param name="postAggregators">The query's post-aggregators, in query order.</param>
    /// <exception cref="ArgumentException">
    /// An output name is missing or used twice, a post-aggregator reads a name that is not a column of the query, or
    /// post-aggregators read each other in a cycle; the message names the post-aggregator and the field.
    /// </exception>
    public static PostAggregatorPlan Create(
        IReadOnlyList<string> dimensions,
        IReadOnlyList<AggregatorFactory> aggregators,
        IReadOnlyList<PostAggregator> postAggregators)
    {
        var outputNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in dimensions.Concat(aggregators.Select(a => a.Name)))
        {
            AddOutputName(outputNames, name);
        }

        var byName = new Dictionary<string, PostAggregator>(StringComparer.Ordinal);
        foreach (var postAggregator in postAggregators)
        {
            if (string.IsNullOrEmpty(postAggregator.Name))
            {
                throw new ArgumentException($"A {postAggregator.TypeName} post-aggregator of the query has no name.");
            }

            AddOutputName(outputNames, postAggregator.Name);
            byName.Add(postAggregator.Name, postAggregator);
        }

        var ordered = new List<PostAggregator>(postAggregators.Count);
        var path = new List<string>();
        foreach (var postAggregator in postAggregators)
        {
            Visit(postAggregator, outputNames, byName, path, ordered);
        }

        var metrics = new Dictionary<string, IComparer<object?>>(StringComparer.Ordinal);
        foreach (var aggregator in aggregators)
        {
            metrics[aggregator.Name] = Comparer<object?>.Create((x, y) =>
                NumericValueComparer.Instance.Compare(Finalized(aggregator, x), Finalized(aggregator, y)));
        }

        foreach (var postAggregator in ordered)
        {
            metrics[postAggregator.Name] = postAggregator.Comparer;
        }

        return new PostAggregatorPlan(
            ordered,
            aggregators.ToDictionary(a => a.Name, StringComparer.Ordinal),
            new QueryColumns(dimensions, metrics));
    }

    /// <summary>Computes every post-aggregator over the row's unfinalized values and adds the results to it under their names.</summary>
    /// <exception cref="ArgumentException">A value is missing or unusable; the message names the post-aggregator and the field.</exception>
    public void Compute(ResultRow row)
    {
        foreach (var postAggregator in PostAggregators)
        {
            row.Values[postAggregator.Name] = postAggregator.Compute(row.Values, Aggregators);
        }
    }

    /// <summary>An aggregator's value as a number: numbers (already final) unchanged, a state finalized.</summary>
    private static object? Finalized(AggregatorFactory aggregator, object? value) =>
        value is null || NumericValueComparer.ToDouble(value) is not null ? value : aggregator.FinalizeValue(value);

    private static void AddOutputName(HashSet<string> outputNames, string name)
    {
        if (!outputNames.Add(name))
        {
            throw new ArgumentException($"Output name '{name}' is used twice among the query's dimensions, aggregators and post-aggregators.");
        }
    }

    private static void Visit(
        PostAggregator postAggregator,
        HashSet<string> outputNames,
        Dictionary<string, PostAggregator> byName,
        List<string> path,
        List<PostAggregator> ordered)
    {
        if (ordered.Contains(postAggregator))
        {
            return;
        }

        if (path.Contains(postAggregator.Name))
        {
            throw new ArgumentException(
                $"Post-aggregators read each other in a cycle: {string.Join(" -> ", path.SkipWhile(n => n != postAggregator.Name))} -> {postAggregator.Name}.");
        }

        path.Add(postAggregator.Name);
        foreach (var field in postAggregator.DependentFields)
        {
            if (!outputNames.Contains(field))
            {
                throw postAggregator.UnknownField(field);
            }

            if (byName.TryGetValue(field, out var dependency))
            {
                Visit(dependency, outputNames, byName, path, ordered);
            }
        }

        path.RemoveAt(path.Count - 1);
        ordered.Add(postAggregator);
    }
}
