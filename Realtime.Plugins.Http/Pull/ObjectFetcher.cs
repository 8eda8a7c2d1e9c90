using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Realtime.Plugins.Http.Pull;

/// <summary>An object downloaded to a local file, with whether its bytes are gzip-encoded by the transport.</summary>
internal sealed record FetchedObject(int Index, Uri Uri, string Path, long Bytes, bool ContentEncodedGzip);

/// <summary>
/// Downloads objects in order to local files on a background task, ahead of the reader, holding at most
/// <see cref="HttpFirehoseFactory.MaxFetchCapacityBytes"/> of unread objects (at least one).
/// </summary>
/// <remarks>
/// Once the unread bytes pass the capacity, fetching pauses until they drop to
/// <see cref="HttpFirehoseFactory.PrefetchTriggerBytes"/>. A fetch that fails for good completes <see cref="Fetched"/>
/// with the error.
/// </remarks>
internal sealed class ObjectFetcher : IAsyncDisposable
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HttpFirehoseFactory _spec;
    private readonly IReadOnlyList<(int Index, Uri Uri)> _objects;
    private readonly string _directory;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly Channel<FetchedObject> _fetched = Channel.CreateUnbounded<FetchedObject>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closed = new();
    private readonly object _gate = new();
    private readonly Task _running;
    private long _unreadBytes;
    private TaskCompletionSource _bytesRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ObjectFetcher(HttpFirehoseFactory spec, IReadOnlyList<(int Index, Uri Uri)> objects, TimeProvider clock, ILogger logger)
    {
        _spec = spec;
        _objects = objects;
        _clock = clock;
        _logger = logger;
        _directory = Directory.CreateTempSubdirectory("realtime-http-").FullName;
        _client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = Timeout.InfiniteTimeSpan };
        _running = Task.Run(FetchAllAsync);
    }

    /// <summary>The downloaded objects, in order; completed when all are fetched, or with the error of one that failed for good.</summary>
    public ChannelReader<FetchedObject> Fetched => _fetched.Reader;

    /// <summary>Deletes an object the reader is done with and lets fetching go on.</summary>
    public void Release(FetchedObject fetched)
    {
        File.Delete(fetched.Path);
        lock (_gate)
        {
            _unreadBytes -= fetched.Bytes;
            _bytesRead.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closed.CancelAsync();
        await _running;
        _client.Dispose();
        _closed.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task FetchAllAsync()
    {
        try
        {
            var filling = true;
            foreach (var (index, uri) in _objects)
            {
                filling = await WaitForRoomAsync(filling);
                var fetched = await FetchWithRetriesAsync(index, uri);
                lock (_gate)
                {
                    _unreadBytes += fetched.Bytes;
                }

                await _fetched.Writer.WriteAsync(fetched, _closed.Token);
            }

            _fetched.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _fetched.Writer.TryComplete(e);
        }
    }

    /// <summary>Waits while the unread bytes are over the capacity (when filling) or over the trigger (once paused).</summary>
    private async Task<bool> WaitForRoomAsync(bool filling)
    {
        while (true)
        {
            Task read;
            lock (_gate)
            {
                var limit = filling ? _spec.MaxFetchCapacityBytes : _spec.TriggerBytes;
                if (_unreadBytes == 0 || _unreadBytes <= limit)
                {
                    return true;
                }

                filling = false;
                if (_bytesRead.Task.IsCompleted)
                {
                    _bytesRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                read = _bytesRead.Task;
            }

            await read.WaitAsync(_closed.Token);
        }
    }

    private async Task<FetchedObject> FetchWithRetriesAsync(int index, Uri uri)
    {
        var attempts = _spec.MaxFetchRetry + 1;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await FetchAsync(index, uri);
            }
            catch (Exception e) when (IsRetryable(e) && attempt < attempts)
            {
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _spec.FirstRetryDelay.Ticks << Math.Min(attempt - 1, 20)));
                HttpLog.HttpFetchRetry(_logger, uri.ToString(), attempt, attempts, delay, e.Message);
                await Task.Delay(delay, _clock, _closed.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_closed.IsCancellationRequested)
            {
                throw new IOException($"Http firehose could not fetch {uri} after {attempt} attempt(s): {e.Message}", e);
            }
        }
    }

    private async Task<FetchedObject> FetchAsync(int index, Uri uri)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(_spec.FetchTimeout));
        var path = Path.Combine(_directory, $"{index}.part");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (_spec.HttpAuthenticationUsername is { } username)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{_spec.HttpAuthenticationPassword}")));
            }

            foreach (var (name, value) in _spec.Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new FetchStatusException(response.StatusCode);
            }

            long bytes;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                await response.Content.CopyToAsync(file, timeout.Token);
                bytes = file.Length;
            }

            var gzip = response.Content.Headers.ContentEncoding.Any(e => e.Equals("gzip", StringComparison.OrdinalIgnoreCase) || e.Equals("x-gzip", StringComparison.OrdinalIgnoreCase));
            HttpLog.HttpFetched(_logger, uri.ToString(), bytes);
            return new FetchedObject(index, uri, path, bytes, gzip);
        }
        catch (OperationCanceledException e) when (!_closed.IsCancellationRequested)
        {
            File.Delete(path);
            throw new TimeoutException($"the fetch took longer than fetchTimeout ({_spec.FetchTimeout} ms)", e);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static bool IsRetryable(Exception e) => e switch
    {
        FetchStatusException status => status.IsRetryable,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>A response with a status other than success.</summary>
    private sealed class FetchStatusException(HttpStatusCode status) : Exception($"status {(int)status} ({status})")
    {
        public bool IsRetryable => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
    }
}
