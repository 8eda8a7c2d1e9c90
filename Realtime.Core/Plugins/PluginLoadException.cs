namespace Realtime.Core.Plugins;

/// <summary>A plugin could not be loaded; the message names the plugin's path and what is wrong.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception for the plugin at <paramref name="pluginPath"/>.</summary>
    public PluginLoadException(string message, string? pluginPath = null, Exception? inner = null) : base(message, inner) =>
        PluginPath = pluginPath;

    /// <summary>The plugin's assembly or folder, when the failure concerns one plugin.</summary>
    public string? PluginPath { get; }
}
