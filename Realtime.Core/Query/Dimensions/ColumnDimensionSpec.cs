namespace Realtime.Core.Query.Dimensions;

/// <summary>A dimension spec that names its column itself (<c>default</c>, <c>extraction</c>, <c>lookup</c>), rather than through a delegate.</summary>
public abstract class ColumnDimensionSpec : DimensionSpec
{
    private static readonly string[] OutputTypes = ["STRING", "LONG", "FLOAT", "DOUBLE"];

    private readonly string? _outputName;
    private readonly string _outputType = "STRING";

    /// <inheritdoc />
    public override string Dimension { get; init; } = "";

    /// <inheritdoc />
    public override string OutputName
    {
        get => string.IsNullOrEmpty(_outputName) ? Dimension : _outputName;
        init => _outputName = value;
    }

    /// <inheritdoc />
    /// <remarks>Read case-insensitively and kept in upper case.</remarks>
    public override string OutputType
    {
        get => _outputType;
        init => _outputType = value.ToUpperInvariant();
    }

    /// <summary>The spec's JSON type name, for messages.</summary>
    private protected abstract string TypeName { get; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrEmpty(Dimension))
        {
            throw new ArgumentException($"{TypeName} dimension spec: dimension is required.");
        }

        if (!OutputTypes.Contains(OutputType))
        {
            throw new ArgumentException($"{TypeName} dimension spec: outputType '{OutputType}' is not one of {string.Join(", ", OutputTypes)}.");
        }
    }
}
