using System.Text.Json.Serialization;

namespace Realtime.Core.Extraction;

/// <summary>
/// The <c>substring</c> extraction function: <see cref="Length"/> UTF-16 code units from <see cref="Index"/>, or the
/// rest of the value when no length is set; null when the value is shorter than <see cref="Index"/> + 1.
/// </summary>
public sealed class SubstringExtractionFn : ExtractionFn
{
    /// <summary>Where the substring starts (0 for the first character).</summary>
    public int Index { get; init; }

    /// <summary>The largest number of code units kept, or null for the rest of the value.</summary>
    public int? Length { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override bool PreservesOrdering => Index == 0;

    /// <inheritdoc />
    public override void Validate()
    {
        if (Index < 0)
        {
            throw new ArgumentException($"substring extraction function: index must be zero or more; got {Index}.");
        }

        if (Length <= 0)
        {
            throw new ArgumentException($"substring extraction function: length must be positive; got {Length}.");
        }
    }

    /// <inheritdoc />
    public override string? Apply(string? value)
    {
        if (value is null || Index >= value.Length)
        {
            return null;
        }

        var available = value.Length - Index;
        return value.Substring(Index, Length is { } length ? Math.Min(length, available) : available);
    }
}
