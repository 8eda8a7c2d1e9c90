using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>The <c>false</c> filter: matches no row.</summary>
public sealed class FalseDimFilter : DimFilter
{
    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher() => static _ => false;
}
