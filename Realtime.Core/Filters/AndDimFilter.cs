using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>The <c>and</c> filter: every filter in <see cref="Fields"/> matches.</summary>
public sealed class AndDimFilter : DimFilter
{
    /// <summary>The filters that must all match.</summary>
    public IReadOnlyList<DimFilter> Fields { get; init; } = [];

    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher()
    {
        var matchers = LogicalFilters.Matchers(Fields, "and");
        return row =>
        {
            foreach (var matcher in matchers)
            {
                if (!matcher(row))
                {
                    return false;
                }
            }

            return true;
        };
    }
}
