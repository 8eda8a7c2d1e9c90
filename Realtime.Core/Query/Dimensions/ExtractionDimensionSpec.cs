using Realtime.Core.Extraction;

namespace Realtime.Core.Query.Dimensions;

/// <summary>The <c>extraction</c> dimension spec: the column's values mapped by <see cref="ExtractionFn"/>.</summary>
/// <param name="extractionFn">The extraction applied to each value.</param>
public sealed class ExtractionDimensionSpec(ExtractionFn? extractionFn) : ColumnDimensionSpec
{
    /// <summary>The extraction applied to each value.</summary>
    public override ExtractionFn? ExtractionFn { get; } = extractionFn;

    /// <inheritdoc />
    private protected override string TypeName => "extraction";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (ExtractionFn is null)
        {
            throw new ArgumentException("extraction dimension spec: extractionFn is required.");
        }

        ExtractionFn.Validate();
    }
}
