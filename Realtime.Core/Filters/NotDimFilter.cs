using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>The <c>not</c> filter: <see cref="Field"/> does not match.</summary>
public sealed class NotDimFilter : DimFilter
{
    /// <summary>The negated filter.</summary>
    public required DimFilter Field { get; init; }

    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher()
    {
        var inner = (Field ?? throw new ArgumentException("not.field is required.")).CreateRowMatcher();
        return row => !inner(row);
    }
}
