using System.Text.Json.Serialization;
using Realtime.Core.Values;

namespace Realtime.Core.Extraction;

/// <summary>The <c>identity</c> extraction function: every value unchanged.</summary>
public sealed class IdentityExtractionFn : ExtractionFn
{
    /// <inheritdoc />
    [JsonIgnore]
    public override bool PreservesOrdering => true;

    /// <inheritdoc />
    [JsonIgnore]
    public override bool IsOneToOne => true;

    /// <inheritdoc />
    public override string? Apply(string? value) => EmptyText.ToNull(value);
}
