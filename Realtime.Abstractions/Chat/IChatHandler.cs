namespace Realtime.Abstractions.Chat;

/// <summary>
/// Answers HTTP requests sent to <c>/druid/worker/v1/chat/{serviceName}/{action}</c> for the service it is registered
/// under, as Druid's chat handlers do (the <c>receiver</c> firehose's <c>push-events</c> and <c>shutdown</c>).
/// </summary>
/// <remarks>
/// Requests arrive on the host's request threads, several at a time. The host puts no size limit on the request body:
/// a handler bounds what it reads. An exception escaping <see cref="HandleAsync"/> is answered with status 500.
/// </remarks>
public interface IChatHandler
{
    /// <summary>Answers one request.</summary>
    /// <param name="request">The request, its body not yet read.</param>
    /// <param name="cancellationToken">Cancelled when the client goes away or the host stops.</param>
    ValueTask<ChatResponse> HandleAsync(ChatRequest request, CancellationToken cancellationToken);
}

/// <summary>Where chat handlers are registered by service name; the host routes chat requests through it.</summary>
/// <remarks>Reached through the host's services (<c>FirehoseContext.Services</c>). Safe to use from any thread.</remarks>
public interface IChatHandlerRegistry
{
    /// <summary>
    /// Registers <paramref name="handler"/> under <paramref name="serviceName"/> and, when the name holds a <c>:</c>, also
    /// under the part after the last <c>:</c>, as Druid does. Disposing the result unregisters both names.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="serviceName"/> is empty or holds a <c>/</c>.</exception>
    /// <exception cref="InvalidOperationException">One of the names is already registered.</exception>
    IDisposable Register(string serviceName, IChatHandler handler);
}
