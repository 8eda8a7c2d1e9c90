using Realtime.Core.Sql.Functions;
using Realtime.Core.Sql.Planning;

namespace Realtime.Core.Sql.Execution;

/// <summary>
/// Grouping and aggregation in memory, with SQL's rules: aggregates skip nulls and are null over no values (but
/// counts are 0); a multi-value text key gives each of its values its own group, as Druid does.
/// </summary>
internal static class Aggregation
{
    public static IReadOnlyList<object?[]> Run(AggregateRel rel, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rel.Aggregates.FirstOrDefault(a => a.Arg?.Type == SqlColumnType.Other) is { } sketch)
        {
            throw SqlPlanningException.Validation(
                $"{sketch.Text} reads a sketch column, which only a native grouping can combine: use keys and conditions that have native forms (plain dimensions, FLOOR(__time TO unit), comparisons of dimensions with text).", null);
        }

        var output = new List<object?[]>();
        foreach (var set in rel.Sets)
        {
            var groups = new Dictionary<GroupKey, Accumulator[]>();
            var order = new List<GroupKey>();
            var checkedRows = 0;
            foreach (var row in rows)
            {
                if (++checkedRows % 65536 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                foreach (var key in Keys(rel, set, row))
                {
                    if (!groups.TryGetValue(key, out var accumulators))
                    {
                        accumulators = [.. rel.Aggregates.Select(a => new Accumulator(a))];
                        groups.Add(key, accumulators);
                        order.Add(key);
                    }

                    foreach (var accumulator in accumulators)
                    {
                        accumulator.Add(row);
                    }
                }
            }

            if (rel.Keys.Count == 0 || set.Count == 0)
            {
                if (groups.Count == 0)
                {
                    var empty = new GroupKey(new object?[rel.Keys.Count]);
                    groups.Add(empty, [.. rel.Aggregates.Select(a => new Accumulator(a))]);
                    order.Add(empty);
                }
            }

            foreach (var key in order)
            {
                var result = new object?[rel.Keys.Count + rel.Aggregates.Count];
                Array.Copy(key.Values, result, key.Values.Length);
                var accumulators = groups[key];
                for (var i = 0; i < accumulators.Length; i++)
                {
                    result[rel.Keys.Count + i] = accumulators[i].Result();
                }

                output.Add(result);
            }
        }

        return output;
    }

    private static IEnumerable<GroupKey> Keys(AggregateRel rel, IReadOnlyList<int> set, object?[] row)
    {
        var values = new object?[rel.Keys.Count];
        foreach (var k in set)
        {
            values[k] = rel.Keys[k].Eval(row);
        }

        return values.Any(v => v is string?[]) ? Expand(values) : [new GroupKey(values)];
    }

    private static IEnumerable<GroupKey> Expand(object?[] values)
    {
        var index = Array.FindIndex(values, v => v is string?[]);
        var many = (string?[])values[index]!;
        foreach (var v in many.Length == 0 ? [null] : many.Distinct())
        {
            var copy = (object?[])values.Clone();
            copy[index] = v;
            foreach (var key in copy.Any(x => x is string?[]) ? Expand(copy) : [new GroupKey(copy)])
            {
                yield return key;
            }
        }
    }

    /// <summary>A group's key values, compared with SQL's grouping equality (null equals null).</summary>
    private readonly struct GroupKey(object?[] values) : IEquatable<GroupKey>
    {
        public object?[] Values { get; } = values;

        public bool Equals(GroupKey other)
        {
            for (var i = 0; i < Values.Length; i++)
            {
                if (!SqlValues.Same(Values[i], other.Values[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = 17;
            foreach (var value in Values)
            {
                hash = (hash * 31) + SqlValues.Hash(value);
            }

            return hash;
        }
    }

    /// <summary>One aggregate call's running state for one group.</summary>
    private sealed class Accumulator(AggregateCall call)
    {
        private long _count;
        private object? _value;
        private double _sum;
        private long _longSum;
        private long _time;
        private HashSet<object>? _distinct;

        public void Add(object?[] row)
        {
            if (call.Filter is { } filter && SqlValues.Truth(filter.Eval(row)) != true)
            {
                return;
            }

            if (call.Arg is null)
            {
                _count++;
                return;
            }

            var value = call.Arg.Eval(row);
            if (value is null or string?[] { Length: 0 })
            {
                return;
            }

            switch (call.Kind)
            {
                case AggregateKind.Count:
                    _count++;
                    break;
                case AggregateKind.Sum or AggregateKind.Avg:
                    _count++;
                    if (value is long l)
                    {
                        _longSum += l;
                        _sum += l;
                    }
                    else
                    {
                        _sum += Convert.ToDouble(value is bool b ? (b ? 1 : 0) : value, System.Globalization.CultureInfo.InvariantCulture);
                    }

                    break;
                case AggregateKind.Min or AggregateKind.Max:
                    foreach (var v in value is string?[] values ? values.Where(x => x is not null).Cast<object>() : [value])
                    {
                        if (_count++ == 0 || (SqlValues.Order(v, _value) < 0) == (call.Kind == AggregateKind.Min) && SqlValues.Order(v, _value) != 0)
                        {
                            _value = v;
                        }
                    }

                    break;
                case AggregateKind.CountDistinct or AggregateKind.ApproxCountDistinct:
                    _distinct ??= new HashSet<object>(ValueComparer.Instance);
                    foreach (var v in value is string?[] values ? values.Where(x => x is not null).Cast<object>() : [value])
                    {
                        _distinct.Add(v);
                    }

                    break;
                case AggregateKind.Earliest or AggregateKind.Latest:
                    var time = call.Time!.Eval(row) is long t ? t : 0;
                    if (_count++ == 0 || (call.Kind == AggregateKind.Earliest ? time < _time : time >= _time))
                    {
                        (_time, _value) = (time, value);
                    }

                    break;
                case AggregateKind.AnyValue:
                    if (_count++ == 0)
                    {
                        _value = value;
                    }

                    break;
            }
        }

        public object? Result() => call.Kind switch
        {
            AggregateKind.Count => _count,
            AggregateKind.CountDistinct or AggregateKind.ApproxCountDistinct => (long)(_distinct?.Count ?? 0),
            AggregateKind.Sum when _count == 0 => null,
            AggregateKind.Sum => call.Type == SqlColumnType.Bigint ? (object)_longSum : _sum,
            AggregateKind.Avg => _count == 0 ? null : _sum / _count,
            _ => _count == 0 ? null : _value,
        };
    }

    private sealed class ValueComparer : IEqualityComparer<object>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) => SqlValues.Same(x, y);

        public int GetHashCode(object obj) => SqlValues.Hash(obj);
    }
}
