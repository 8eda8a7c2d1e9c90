using Realtime.Abstractions.Components;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Transforms;

/// <summary>One entry of <c>transformSpec.transforms</c>: computes a field of each row from the input row.</summary>
[ComponentSlot("transform")]
public abstract class Transform
{
    /// <summary>The field the transform writes; it shadows an input field of the same name, and <c>__time</c> rewrites the row timestamp.</summary>
    public required string Name { get; init; }

    /// <summary>Builds the function computing the field from an input row. Build once, call per row.</summary>
    /// <exception cref="ArgumentException">The transform is invalid; the message names it.</exception>
    public abstract Func<InputRow, object?> CreateRowFunction();
}
