using System.Collections.Concurrent;
using Realtime.Abstractions.Chat;

namespace Realtime.Core.Hosting;

/// <summary>
/// The node's chat-handler registry (Druid's <c>ChatHandlerProvider</c>): service names to handlers, read by the chat
/// endpoint mapped with <c>MapRealtimeChat()</c>.
/// </summary>
public sealed class ChatHandlerRegistry : IChatHandlerRegistry
{
    private readonly ConcurrentDictionary<string, IChatHandler> _handlers = new(StringComparer.Ordinal);

    /// <summary>The registered service names, in ordinal order.</summary>
    public IReadOnlyList<string> ServiceNames => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public IDisposable Register(string serviceName, IChatHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (string.IsNullOrWhiteSpace(serviceName) || serviceName.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A chat service name must be non-empty and hold no '/': '{serviceName}'.", nameof(serviceName));
        }

        var names = new List<string> { serviceName };
        var colon = serviceName.LastIndexOf(':');
        if (colon > 0 && colon < serviceName.Length - 1)
        {
            names.Add(serviceName[(colon + 1)..]);
        }

        var added = new List<string>(names.Count);
        foreach (var name in names)
        {
            if (!_handlers.TryAdd(name, handler))
            {
                foreach (var done in added)
                {
                    _handlers.TryRemove(new KeyValuePair<string, IChatHandler>(done, handler));
                }

                throw new InvalidOperationException($"The chat service name '{name}' is already registered by another handler.");
            }

            added.Add(name);
        }

        return new Registration(this, added, handler);
    }

    /// <summary>The handler registered under <paramref name="serviceName"/>, or null.</summary>
    public IChatHandler? Find(string serviceName) => _handlers.GetValueOrDefault(serviceName);

    private sealed class Registration(ChatHandlerRegistry registry, List<string> names, IChatHandler handler) : IDisposable
    {
        public void Dispose()
        {
            foreach (var name in names)
            {
                registry._handlers.TryRemove(new KeyValuePair<string, IChatHandler>(name, handler));
            }
        }
    }
}
