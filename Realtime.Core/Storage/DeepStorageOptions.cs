namespace Realtime.Core.Storage;

/// <summary>Where <see cref="LocalSegmentPusher"/> keeps pushed segments, bound from <c>Realtime:Storage</c>.</summary>
public sealed class DeepStorageOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Storage";

    /// <summary>The kind of deep storage (Druid's <c>druid.storage.type</c>): <c>local</c>, or one a plugin provides.</summary>
    public string Type { get; set; } = "local";

    /// <summary>The root of <c>local</c> deep storage; a relative path is taken from the working directory.</summary>
    public string Directory { get; set; } = "data/deep-storage";
}
