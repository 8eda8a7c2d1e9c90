using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>The <c>or</c> filter: at least one filter in <see cref="Fields"/> matches.</summary>
public sealed class OrDimFilter : DimFilter
{
    /// <summary>The filters of which one must match.</summary>
    public IReadOnlyList<DimFilter> Fields { get; init; } = [];

    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher()
    {
        var matchers = LogicalFilters.Matchers(Fields, "or");
        return row =>
        {
            foreach (var matcher in matchers)
            {
                if (matcher(row))
                {
                    return true;
                }
            }

            return false;
        };
    }
}
