namespace Realtime.Core.Security;

/// <summary>The node's security settings cannot work; the message names the setting and what it should be.</summary>
public sealed class SecurityConfigurationException(string message) : Exception(message);
