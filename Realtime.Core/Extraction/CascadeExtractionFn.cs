using System.Text.Json.Serialization;

namespace Realtime.Core.Extraction;

/// <summary>The <c>cascade</c> extraction function: the functions of <see cref="ExtractionFns"/> applied in order, each to the previous result.</summary>
public sealed class CascadeExtractionFn : ExtractionFn
{
    /// <summary>The functions, first applied first.</summary>
    public IReadOnlyList<ExtractionFn>? ExtractionFns { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool PreservesOrdering => Functions.All(f => f.PreservesOrdering);

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsOneToOne => Functions.All(f => f.IsOneToOne);

    private IReadOnlyList<ExtractionFn> Functions => ExtractionFns ?? [];

    /// <inheritdoc />
    public override void Validate()
    {
        if (ExtractionFns is not { Count: > 0 })
        {
            throw new ArgumentException("cascade extraction function: extractionFns must list at least one extraction function.");
        }

        for (var i = 0; i < ExtractionFns.Count; i++)
        {
            (ExtractionFns[i] ?? throw new ArgumentException($"cascade extraction function: extractionFns[{i}] is null.")).Validate();
        }
    }

    /// <inheritdoc />
    public override string? Apply(string? value) => Rest(Functions[0].Apply(value));

    /// <inheritdoc />
    public override string? Apply(long value) => Rest(Functions[0].Apply(value));

    /// <inheritdoc />
    public override string? Apply(double value) => Rest(Functions[0].Apply(value));

    private string? Rest(string? value)
    {
        var functions = Functions;
        for (var i = 1; i < functions.Count; i++)
        {
            value = functions[i].Apply(value);
        }

        return value;
    }
}
