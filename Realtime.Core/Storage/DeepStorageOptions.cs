namespace Realtime.Core.Storage;

/// <summary>Where <see cref="LocalSegmentPusher"/> keeps pushed segments, bound from <c>Realtime:Storage</c>.</summary>
public sealed class DeepStorageOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Storage";

    /// <summary>The root of deep storage; a relative path is taken from the working directory.</summary>
    public string Directory { get; set; } = "data/deep-storage";
}
