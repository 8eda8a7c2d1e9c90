using System.Text.Json.Serialization;

namespace Realtime.Core.Query.Dimensions;

/// <summary>The <c>default</c> dimension spec: the column's values unchanged, under <see cref="OutputName"/>.</summary>
public sealed class DefaultDimensionSpec : DimensionSpec
{
    private readonly string? _outputName;

    /// <inheritdoc />
    [JsonRequired]
    public override string Dimension { get; init; } = "";

    /// <inheritdoc />
    public override string OutputName
    {
        get => string.IsNullOrEmpty(_outputName) ? Dimension : _outputName;
        init => _outputName = value;
    }

    /// <inheritdoc />
    public override string OutputType { get; init; } = "STRING";
}
