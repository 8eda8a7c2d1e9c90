using System.Globalization;

namespace Realtime.Core.Extraction;

/// <summary>The <c>strlen</c> extraction function: the length of the value in UTF-16 code units; no value has length 0.</summary>
public sealed class StrlenExtractionFn : ExtractionFn
{
    /// <inheritdoc />
    public override string? Apply(string? value) => (value?.Length ?? 0).ToString(CultureInfo.InvariantCulture);
}
