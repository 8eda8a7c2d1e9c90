namespace Realtime.Core.Extraction;

/// <summary>
/// Druid's <c>registeredLookup</c> extraction function, which names a lookup registered in the cluster. This node keeps no
/// lookup registry, so the function is refused when it is read; an inline <c>lookup</c> function does the same work.
/// </summary>
public sealed class RegisteredLookupExtractionFn : ExtractionFn
{
    /// <summary>The name of the registered lookup.</summary>
    public string? Lookup { get; init; }

    private string Refusal =>
        $"registeredLookup extraction function: lookup '{Lookup}' cannot be used, as this node has no lookup registry; " +
        "give the map inline with {\"type\": \"lookup\", \"lookup\": {\"type\": \"map\", \"map\": {…}}}.";

    /// <inheritdoc />
    public override void Validate() => throw new ArgumentException(Refusal);

    /// <inheritdoc />
    public override string? Apply(string? value) => throw new NotSupportedException(Refusal);
}
