using Realtime.Abstractions.Parsing;
using Realtime.Core.Values;

namespace Realtime.Core.Filters;

/// <summary>The <c>false</c> filter: matches no row.</summary>
public sealed class FalseDimFilter : DimFilter
{
    /// <inheritdoc />
    public override Func<InputRow, bool> CreateRowMatcher() => static _ => false;
}
