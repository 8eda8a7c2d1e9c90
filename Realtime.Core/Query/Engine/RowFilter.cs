using Realtime.Abstractions.Segments;
using Realtime.Core.Filters;

namespace Realtime.Core.Query.Engine;

/// <summary>
/// A query filter bound to one index. Value filters are evaluated once per dictionary value rather than per row;
/// on persisted indexes a selective filter is answered from the inverted indexes as a list of matching rows.
/// </summary>
internal abstract class RowFilter
{
    /// <summary>
    /// Rows in ascending order that include every matching row, when the inverted indexes can narrow the filter;
    /// else null. When <see cref="RowsAreExact"/> is false the rows must still be tested with <see cref="Match"/>.
    /// </summary>
    public virtual int[]? MatchingRows => null;

    /// <summary>Whether <see cref="MatchingRows"/> holds exactly the matching rows.</summary>
    public virtual bool RowsAreExact => MatchingRows is not null;

    /// <summary>Sets <paramref name="mask"/>[i] to whether row <paramref name="start"/> + i matches.</summary>
    public abstract void Match(int start, Span<bool> mask);

    /// <summary>Binds <paramref name="filter"/> to <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentException">The filter is invalid; the message names the field.</exception>
    public static RowFilter Create(DimFilter filter, IQueryableIndex index, int rowCount) => filter switch
    {
        TrueDimFilter => new ConstantFilter(true),
        FalseDimFilter => new ConstantFilter(false),
        AndDimFilter and => new AndFilter(and.Fields.Select(f => Create(f, index, rowCount)).ToArray()),
        OrDimFilter or => new OrFilter(or.Fields.Select(f => Create(f, index, rowCount)).ToArray()),
        NotDimFilter not => new NotFilter(Create(not.Field, index, rowCount)),
        DimensionFilter dimension => ForColumn(dimension, index, rowCount),
        _ => new RowMatcherFilter(filter.CreateRowMatcher(), index),
    };

    private static RowFilter ForColumn(DimensionFilter filter, IQueryableIndex index, int rowCount)
    {
        if (string.IsNullOrEmpty(filter.Dimension))
        {
            return new RowMatcherFilter(filter.CreateRowMatcher(), index);
        }

        var predicate = filter.CreateMatchingPredicate();
        if (filter.Dimension == DimensionFilter.TimeColumn)
        {
            return new NumericFilter<long>(index.ReadTimestamps, predicate.MatchesLong);
        }

        if (index.GetDimension(filter.Dimension) is { } dimension)
        {
            return dimension.Schema.Type switch
            {
                ColumnType.Long => new NumericFilter<long>(dimension.ReadLongs, predicate.MatchesLong),
                ColumnType.Float or ColumnType.Double => new NumericFilter<double>(dimension.ReadDoubles, predicate.MatchesDouble),
                _ => StringFilter.Create(dimension, predicate, rowCount),
            };
        }

        if (index.GetMetric(filter.Dimension) is { } metric)
        {
            return metric.Schema.Type switch
            {
                ColumnType.Long => new NumericFilter<long>(metric.ReadLongs, predicate.MatchesLong),
                ColumnType.Float or ColumnType.Double => new NumericFilter<double>(metric.ReadDoubles, predicate.MatchesDouble),
                _ => new ConstantFilter(predicate.MatchesNull),
            };
        }

        return new ConstantFilter(predicate.MatchesNull);
    }

    private sealed class ConstantFilter(bool matches) : RowFilter
    {
        public override int[]? MatchingRows => matches ? null : [];

        public override void Match(int start, Span<bool> mask) => mask.Fill(matches);
    }

    private sealed class NumericFilter<T>(ColumnReader<T> read, Func<T, bool> matches) : RowFilter
    {
        private readonly T[] _values = new T[RowBatch.Capacity];

        public override void Match(int start, Span<bool> mask)
        {
            var values = _values.AsSpan(0, mask.Length);
            read(start, values);
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = matches(values[i]);
            }
        }
    }

    private sealed class StringFilter : RowFilter
    {
        private readonly IDimensionColumn _column;
        private readonly bool[] _matchesId;
        private readonly bool _matchesEmpty;
        private readonly int[] _ids = new int[RowBatch.Capacity];
        private readonly int[]? _rows;

        private StringFilter(IDimensionColumn column, bool[] matchesId, bool matchesEmpty, int[]? rows)
        {
            _column = column;
            _matchesId = matchesId;
            _matchesEmpty = matchesEmpty;
            _rows = rows;
        }

        public override int[]? MatchingRows => _rows;

        public static StringFilter Create(IDimensionColumn column, ValuePredicate predicate, int rowCount)
        {
            var cardinality = column.Cardinality;
            var matchesId = new bool[cardinality];
            var matching = 0;
            for (var id = 0; id < cardinality; id++)
            {
                matchesId[id] = predicate.MatchesText(column.GetValue(id));
                matching += matchesId[id] ? 1 : 0;
            }

            return new StringFilter(column, matchesId, predicate.MatchesNull, column is IInvertedIndexColumn inverted && !predicate.MatchesNull ? Rows(inverted, matchesId, matching, rowCount) : null);
        }

        public override void Match(int start, Span<bool> mask)
        {
            if (!_column.HasMultipleValues)
            {
                var ids = _ids.AsSpan(0, mask.Length);
                _column.ReadIds(start, ids);
                for (var i = 0; i < mask.Length; i++)
                {
                    mask[i] = _matchesId[ids[i]];
                }

                return;
            }

            for (var i = 0; i < mask.Length; i++)
            {
                var ids = _column.GetRowIds(start + i);
                var matches = ids.Length == 0 && _matchesEmpty;
                foreach (var id in ids)
                {
                    if (_matchesId[id])
                    {
                        matches = true;
                        break;
                    }
                }

                mask[i] = matches;
            }
        }

        // Inverted lists pay off only when few rows match; otherwise scanning ids batch by batch is as fast.
        private static int[]? Rows(IInvertedIndexColumn inverted, bool[] matchesId, int matchingIds, int rowCount)
        {
            if (matchingIds == 0)
            {
                return [];
            }

            var total = 0L;
            for (var id = 0; id < matchesId.Length; id++)
            {
                if (matchesId[id])
                {
                    total += inverted.GetRows(id).Length;
                    if (total > rowCount / 4)
                    {
                        return null;
                    }
                }
            }

            var rows = new int[total];
            var count = 0;
            for (var id = 0; id < matchesId.Length; id++)
            {
                if (matchesId[id])
                {
                    var list = inverted.GetRows(id);
                    list.CopyTo(rows.AsSpan(count));
                    count += list.Length;
                }
            }

            if (matchingIds > 1)
            {
                Array.Sort(rows);
                count = Deduplicate(rows);
            }

            return count == rows.Length ? rows : rows[..count];
        }

        private static int Deduplicate(int[] sorted)
        {
            var count = 0;
            for (var i = 0; i < sorted.Length; i++)
            {
                if (count == 0 || sorted[count - 1] != sorted[i])
                {
                    sorted[count++] = sorted[i];
                }
            }

            return count;
        }
    }

    private sealed class AndFilter(RowFilter[] children) : RowFilter
    {
        private readonly bool[] _scratch = new bool[RowBatch.Capacity];

        public override int[]? MatchingRows { get; } = Intersect(children);

        public override bool RowsAreExact { get; } = children.All(c => c.RowsAreExact);

        public override void Match(int start, Span<bool> mask)
        {
            mask.Fill(true);
            var scratch = _scratch.AsSpan(0, mask.Length);
            foreach (var child in children)
            {
                child.Match(start, scratch);
                for (var i = 0; i < mask.Length; i++)
                {
                    mask[i] &= scratch[i];
                }
            }
        }

        private static int[]? Intersect(RowFilter[] children)
        {
            int[]? result = null;
            foreach (var rows in children.Select(c => c.MatchingRows).OfType<int[]>().OrderBy(r => r.Length))
            {
                result = result is null ? rows : result.Intersect(rows).ToArray();
            }

            // A partial intersection still narrows the rows to visit; the full filter runs on them too.
            return result;
        }
    }

    private sealed class OrFilter(RowFilter[] children) : RowFilter
    {
        private readonly bool[] _scratch = new bool[RowBatch.Capacity];

        public override int[]? MatchingRows { get; } = children.All(c => c.MatchingRows is not null)
            ? children.SelectMany(c => c.MatchingRows!).Distinct().Order().ToArray()
            : null;

        public override bool RowsAreExact { get; } = children.All(c => c.RowsAreExact);

        public override void Match(int start, Span<bool> mask)
        {
            mask.Clear();
            var scratch = _scratch.AsSpan(0, mask.Length);
            foreach (var child in children)
            {
                child.Match(start, scratch);
                for (var i = 0; i < mask.Length; i++)
                {
                    mask[i] |= scratch[i];
                }
            }
        }
    }

    private sealed class NotFilter(RowFilter inner) : RowFilter
    {
        public override void Match(int start, Span<bool> mask)
        {
            inner.Match(start, mask);
            for (var i = 0; i < mask.Length; i++)
            {
                mask[i] = !mask[i];
            }
        }
    }

    private sealed class RowMatcherFilter(Func<Abstractions.Parsing.InputRow, bool> matcher, IQueryableIndex index) : RowFilter
    {
        private readonly IndexRow _row = new(index);

        public override void Match(int start, Span<bool> mask)
        {
            for (var i = 0; i < mask.Length; i++)
            {
                _row.Row = start + i;
                mask[i] = matcher(_row);
            }
        }
    }
}
