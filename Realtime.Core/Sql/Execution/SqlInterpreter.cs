using System.Text.Json.Nodes;
using Realtime.Core.Query;
using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Planning;

namespace Realtime.Core.Sql.Execution;

/// <summary>
/// Runs a planned statement: native queries through the node's <see cref="IQueryExecutor"/>, and in memory what
/// they cannot express (filters, projections, grouping, sorting and unions over their rows).
/// </summary>
internal sealed class SqlInterpreter(IQueryExecutor executor, Func<string> nextQueryId)
{
    /// <summary>The rows <paramref name="rel"/> produces.</summary>
    public async Task<IReadOnlyList<object?[]>> RunAsync(Rel rel, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        switch (rel)
        {
            case NativeRel { Query: var query } native when query["intervals"] is JsonArray { Count: 0 }:
                return native.Decode([]);
            case NativeRel native:
                native.Query["context"] ??= new JsonObject();
                native.Query["context"]!["queryId"] = nextQueryId();
                QueryResponse response;
                try
                {
                    response = await executor.ExecuteAsync(native.Query.ToJsonString(), cancellationToken).ConfigureAwait(false);
                }
                catch (ResourceLimitExceededException e) when (native.Query["queryType"]?.GetValue<string>() == "scan")
                {
                    throw new ResourceLimitExceededException(
                        $"{e.Message} The statement reads data source '{native.Query["dataSource"]}' with a scan because part of it has no native form " +
                        "(see EXPLAIN PLAN FOR); narrow its time range, or group by dimensions and time buckets and filter on dimensions so that a native query answers it.");
                }

                return native.Decode(response.Results);
            case ValuesRel values:
                return await values.Rows(cancellationToken).ConfigureAwait(false);
            case FilterRel filter:
                var input = await RunAsync(filter.Input, cancellationToken).ConfigureAwait(false);
                return [.. input.Where(row => SqlValues.Truth(filter.Condition.Eval(row)) == true)];
            case ProjectRel project:
                var rows = await RunAsync(project.Input, cancellationToken).ConfigureAwait(false);
                var result = new object?[rows.Count][];
                for (var r = 0; r < rows.Count; r++)
                {
                    var output = new object?[project.Exprs.Count];
                    for (var c = 0; c < output.Length; c++)
                    {
                        output[c] = project.Exprs[c].Eval(rows[r]);
                    }

                    result[r] = output;
                }

                return result;
            case AggregateRel aggregate:
                return Aggregation.Run(aggregate, await RunAsync(aggregate.Input, cancellationToken).ConfigureAwait(false), cancellationToken);
            case SortRel sort:
                return Sort(sort, await RunAsync(sort.Input, cancellationToken).ConfigureAwait(false));
            case UnionRel union:
                var all = new List<object?[]>();
                foreach (var branch in union.Branches)
                {
                    all.AddRange(await RunAsync(branch, cancellationToken).ConfigureAwait(false));
                }

                return all;
            default:
                throw new InvalidOperationException($"Plan node {rel.GetType().Name} cannot run; the planner should have replaced it.");
        }
    }

    private static IReadOnlyList<object?[]> Sort(SortRel sort, IReadOnlyList<object?[]> rows)
    {
        IEnumerable<object?[]> ordered = rows;
        if (sort.Keys.Count > 0)
        {
            var list = rows.ToList();
            var comparer = Comparer<object?[]>.Create((a, b) =>
            {
                foreach (var key in sort.Keys)
                {
                    var (x, y) = (a[key.Column], b[key.Column]);
                    int order;
                    if (x is null || y is null)
                    {
                        order = x is null && y is null ? 0 : (x is null) == key.NullsFirst ? -1 : 1;
                    }
                    else
                    {
                        order = SqlValues.Order(x, y);
                        order = key.Descending ? -order : order;
                    }

                    if (order != 0)
                    {
                        return order;
                    }
                }

                return 0;
            });
            ordered = list.Order(comparer);
        }

        ordered = ordered.Skip((int)Math.Min(sort.Offset, int.MaxValue));
        if (sort.Limit is { } limit)
        {
            ordered = ordered.Take((int)Math.Min(limit, int.MaxValue));
        }

        return [.. ordered];
    }
}
