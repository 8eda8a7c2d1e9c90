using Realtime.Abstractions.Components;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Filters;

/// <summary>
/// A Druid query filter (<c>selector</c>, <c>in</c>, <c>bound</c>, <c>and</c>, …) as it appears in query JSON and in
/// <c>transformSpec.filter</c>. The classes hold the JSON only; evaluators are built from them.
/// </summary>
/// <remarks>
/// Values follow Druid's default null handling: an empty string and null are the same value, and a row with no
/// value (absent, null or an empty list) is matched as null. A multi-value field matches when any value does.
/// </remarks>
[ComponentSlot("filter")]
public abstract class DimFilter
{
    /// <summary>Builds a reusable predicate over rows. Build once; the predicate is safe to call from one thread at a time.</summary>
    /// <exception cref="ArgumentException">The filter is invalid or uses something unsupported; the message names the field.</exception>
    public abstract Func<InputRow, bool> CreateRowMatcher();
}
