using System.Text.Json.Serialization;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Http.Pull;

/// <summary>
/// Druid's <c>http</c> firehose: reads the objects at <see cref="Uris"/> in order, line by line, then ends. The next
/// objects are fetched to local files while the current one is parsed.
/// </summary>
/// <remarks>
/// <para>An object is gzip-decoded when the server sends <c>Content-Encoding: gzip</c> and again when its path ends in
/// <c>.gz</c>. A failed fetch (a network error, a timeout, status 408, 429 or 5xx) is retried <see cref="MaxFetchRetry"/>
/// times with a doubling back-off; any other status, or running out of retries, halts the pipeline naming the URI.</para>
/// <para>Commit metadata is <c>{"completedUris": [...], "uri": u, "line": n}</c>; a restart skips the completed objects
/// and the lines already read of <c>u</c>. Druid's <c>maxCacheCapacityBytes</c> is not used: a realtime pipeline reads
/// its objects once.</para>
/// </remarks>
public sealed class HttpFirehoseFactory : IFirehoseFactory
{
    /// <summary>The objects to read, in order.</summary>
    public required IReadOnlyList<Uri> Uris { get; init; }

    /// <summary>At most this many bytes of fetched objects wait on local disk (one object is always fetched); 1 GiB by default.</summary>
    public long MaxFetchCapacityBytes { get; init; } = 1L << 30;

    /// <summary>Fetching resumes once the fetched bytes not yet read drop to this; half of <see cref="MaxFetchCapacityBytes"/> by default.</summary>
    public long? PrefetchTriggerBytes { get; init; }

    /// <summary>Milliseconds one attempt to fetch an object may take, connecting and downloading; 60,000 by default.</summary>
    public long FetchTimeout { get; init; } = 60_000;

    /// <summary>How many times a failed fetch is retried; 3 by default.</summary>
    public int MaxFetchRetry { get; init; } = 3;

    /// <summary>The user name for basic authentication, sent with <see cref="HttpAuthenticationPassword"/>.</summary>
    public string? HttpAuthenticationUsername { get; init; }

    /// <summary>The password for basic authentication: a string, or Druid's <c>{"type": "environment", "variable": …}</c>.</summary>
    [JsonConverter(typeof(PasswordJsonConverter))]
    public string? HttpAuthenticationPassword { get; init; }

    /// <summary>Headers sent with every request, for example <c>{"Authorization": "Bearer …"}</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The first back-off before a retry; doubled for each further retry, up to 30 seconds.</summary>
    internal TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <inheritdoc />
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        return new(new HttpFirehose(this, parser, context));
    }

    /// <summary>The fetched bytes at or below which fetching resumes.</summary>
    internal long TriggerBytes => PrefetchTriggerBytes ?? MaxFetchCapacityBytes / 2;

    private void Validate()
    {
        if (Uris is not { Count: > 0 })
        {
            throw new ArgumentException("http.uris must list at least one URI.");
        }

        foreach (var uri in Uris)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"http.uris: '{uri}' is not an absolute http or https URI.");
            }
        }

        if (MaxFetchCapacityBytes < 0 || TriggerBytes < 0)
        {
            throw new ArgumentException($"http.maxFetchCapacityBytes ({MaxFetchCapacityBytes}) and prefetchTriggerBytes ({TriggerBytes}) must not be negative.");
        }

        if (FetchTimeout <= 0)
        {
            throw new ArgumentException($"http.fetchTimeout must be a positive number of milliseconds: {FetchTimeout}.");
        }

        if (MaxFetchRetry < 0)
        {
            throw new ArgumentException($"http.maxFetchRetry must not be negative: {MaxFetchRetry}.");
        }

        if ((HttpAuthenticationUsername is null) != (HttpAuthenticationPassword is null))
        {
            throw new ArgumentException("http.httpAuthenticationUsername and httpAuthenticationPassword go together.");
        }
    }
}
