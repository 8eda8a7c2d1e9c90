using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>The <c>true</c> filter: matches every row.</summary>
public sealed class TrueDimFilter : DimFilter
{
    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher() => static _ => true;
}
