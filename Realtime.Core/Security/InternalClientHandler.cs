using System.Net.Http.Headers;
using System.Text;

namespace Realtime.Core.Security;

/// <summary>
/// Sends the internal identity (<see cref="InternalClientOptions"/>) as HTTP Basic credentials with every request a node
/// makes to another, as Druid's escalator does; a request that carries credentials already keeps them.
/// </summary>
public sealed class InternalClientHandler : DelegatingHandler
{
    private readonly AuthenticationHeaderValue _credentials;

    /// <summary>Creates the handler in front of <paramref name="inner"/>.</summary>
    public InternalClientHandler(InternalClientOptions options, HttpMessageHandler inner)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Password);
        _credentials = new AuthenticationHeaderValue(RealtimeAuthentication.BasicScheme,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
    }

    /// <summary>The handler for a node's calls to other nodes: <paramref name="inner"/> behind the internal identity when its password is configured, else <paramref name="inner"/> alone.</summary>
    public static HttpMessageHandler Wrap(InternalClientOptions options, HttpMessageHandler inner) =>
        options.Password is { Length: > 0 } ? new InternalClientHandler(options, inner) : inner;

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization ??= _credentials;
        return base.SendAsync(request, cancellationToken);
    }
}
