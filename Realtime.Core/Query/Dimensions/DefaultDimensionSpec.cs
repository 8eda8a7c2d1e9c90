namespace Realtime.Core.Query.Dimensions;

/// <summary>The <c>default</c> dimension spec: the column's values unchanged, under <see cref="DimensionSpec.OutputName"/>.</summary>
public sealed class DefaultDimensionSpec : ColumnDimensionSpec
{
    /// <inheritdoc />
    private protected override string TypeName => "default";
}
