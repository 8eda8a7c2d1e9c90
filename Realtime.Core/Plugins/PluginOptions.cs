namespace Realtime.Core.Plugins;

/// <summary>Where plugins live and which of them to load; bound from the configuration section <c>Realtime:Plugins</c>.</summary>
/// <remarks>
/// Each plugin is a folder <c>&lt;Directory&gt;/&lt;Name&gt;/</c> holding <c>&lt;Name&gt;.dll</c>, its
/// <c>&lt;Name&gt;.deps.json</c> and its private dependencies, as <c>dotnet publish</c> or a build with
/// <c>EnableDynamicLoading</c> lays them out.
/// </remarks>
public sealed class PluginOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Realtime:Plugins";

    /// <summary>The folder holding one sub-folder per plugin; a relative path is taken from the current directory.</summary>
    public string Directory { get; set; } = "plugins";

    /// <summary>
    /// The plugins to load, by folder name (or absolute folder path), like Druid's <c>druid.extensions.loadList</c>.
    /// When null every folder in <see cref="Directory"/> is loaded; when set, only these, and a missing one stops start-up.
    /// </summary>
    public IReadOnlyList<string>? LoadList { get; set; }
}
