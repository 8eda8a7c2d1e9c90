using System.Collections.Concurrent;
using Realtime.Abstractions.Chat;

namespace Realtime.Core.Hosting;

/// <summary>
/// The node's chat-handler registry (Druid's <c>ChatHandlerProvider</c>): service names to handlers, read by the chat
/// endpoint mapped with <c>MapRealtimeChat()</c>. A pipeline's firehose registers through <see cref="For"/>, so each
/// handler is known with the data source it feeds, which the endpoint authorizes pushes against.
/// </summary>
public sealed class ChatHandlerRegistry : IChatHandlerRegistry
{
    private readonly ConcurrentDictionary<string, Entry> _handlers = new(StringComparer.Ordinal);

    /// <summary>The registered service names, in ordinal order.</summary>
    public IReadOnlyList<string> ServiceNames => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <inheritdoc />
    public IDisposable Register(string serviceName, IChatHandler handler) => Register(serviceName, handler, null);

    /// <summary>The registry as the pipeline of <paramref name="dataSource"/> sees it: its handlers are registered as feeding that data source.</summary>
    public IChatHandlerRegistry For(string dataSource) => new PipelineRegistry(this, dataSource);

    /// <summary>The data source the handler registered under <paramref name="serviceName"/> feeds, or null when it is unknown or registered outside a pipeline.</summary>
    public string? DataSourceOf(string serviceName) => _handlers.GetValueOrDefault(serviceName)?.DataSource;

    private IDisposable Register(string serviceName, IChatHandler handler, string? dataSource)
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

        var entry = new Entry(handler, dataSource);
        var added = new List<string>(names.Count);
        foreach (var name in names)
        {
            if (!_handlers.TryAdd(name, entry))
            {
                Remove(added, entry);
                throw new InvalidOperationException($"The chat service name '{name}' is already registered by another handler.");
            }

            added.Add(name);
        }

        return new Registration(this, added, entry);
    }

    /// <summary>The handler registered under <paramref name="serviceName"/>, or null.</summary>
    public IChatHandler? Find(string serviceName) => _handlers.GetValueOrDefault(serviceName)?.Handler;

    /// <summary>Removes the names still held by <paramref name="entry"/>, leaving any later registration of them alone.</summary>
    private void Remove(List<string> names, Entry entry)
    {
        foreach (var name in names)
        {
            _handlers.TryRemove(new KeyValuePair<string, Entry>(name, entry));
        }
    }

    /// <summary>One registration's handler; compared by reference, so only its own names are removed.</summary>
    private sealed class Entry(IChatHandler handler, string? dataSource)
    {
        public IChatHandler Handler { get; } = handler;

        public string? DataSource { get; } = dataSource;
    }

    private sealed class PipelineRegistry(ChatHandlerRegistry registry, string dataSource) : IChatHandlerRegistry
    {
        public IDisposable Register(string serviceName, IChatHandler handler) => registry.Register(serviceName, handler, dataSource);
    }

    private sealed class Registration(ChatHandlerRegistry registry, List<string> names, Entry entry) : IDisposable
    {
        public void Dispose() => registry.Remove(names, entry);
    }
}
