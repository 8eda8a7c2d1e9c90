using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Realtime.Core.Query;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Broker;

/// <summary>Sends a broker's per-segment queries to data nodes over HTTP (Druid's <c>DirectDruidClient</c>), in JSON.</summary>
public interface IDataNodeClient
{
    /// <summary>Posts <paramref name="query"/> to the data node <paramref name="server"/> (<c>host:port</c>).</summary>
    /// <exception cref="DataNodeUnavailableException">The node could not be reached, failed, or did not answer within <paramref name="timeout"/>; another copy may answer.</exception>
    /// <exception cref="QueryException">The node refused the query itself (for example as invalid); no other copy would answer differently.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<DataNodeResponse> QueryAsync(string server, string query, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Asks <paramref name="server"/> to cancel query <paramref name="queryId"/> (<c>DELETE /druid/v2/{queryId}</c>); failures are ignored.</summary>
    Task CancelAsync(string server, string queryId);
}

/// <summary>A data node's answer: its partial result (a JSON array) and the descriptors it reported missing.</summary>
/// <param name="Results">The result, owned by the caller, who disposes it.</param>
/// <param name="MissingSegments">Descriptors the node does not serve (<c>missingSegments</c> of <c>X-Druid-Response-Context</c>).</param>
public sealed record DataNodeResponse(JsonDocument Results, IReadOnlyList<SegmentDescriptor> MissingSegments);

/// <summary>A data node could not answer: unreachable, failing, or too slow. The message names the node and the cause.</summary>
public sealed class DataNodeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The HTTP <see cref="IDataNodeClient"/>: <c>POST http://host:port/druid/v2/</c>.</summary>
public sealed class HttpDataNodeClient(HttpClient http) : IDataNodeClient
{
    /// <inheritdoc />
    public async Task<DataNodeResponse> QueryAsync(string server, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{server}/druid/v2/") { Content = new StringContent(query, Encoding.UTF8, "application/json") };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var document = await JsonDocument.ParseAsync(body, cancellationToken: deadline.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK && document.RootElement.ValueKind == JsonValueKind.Array)
            {
                return new DataNodeResponse(document, MissingSegments(response.Headers));
            }

            using (document)
            {
                throw Failure(server, response.StatusCode, document.RootElement);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DataNodeUnavailableException($"Data node {server} did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            throw new DataNodeUnavailableException($"Data node {server} could not be reached: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new DataNodeUnavailableException($"Data node {server} answered with malformed JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public async Task CancelAsync(string server, string queryId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var response = await http.DeleteAsync($"http://{server}/druid/v2/{Uri.EscapeDataString(queryId)}", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The query ends on the node anyway when its own timeout passes; a failed cancel changes nothing for the caller.
        }
    }

    private static IReadOnlyList<SegmentDescriptor> MissingSegments(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("X-Druid-Response-Context", out var values))
        {
            return [];
        }

        using var context = JsonDocument.Parse(string.Concat(values));
        return context.RootElement.ValueKind == JsonValueKind.Object && context.RootElement.TryGetProperty("missingSegments", out var missing) && missing.ValueKind == JsonValueKind.Array
            ? [.. missing.EnumerateArray().Select(SegmentDescriptor.FromJson)]
            : [];
    }

    // A 4xx with Druid's error body is the query's own fault (every copy would refuse it); anything else is the node's.
    private static Exception Failure(string server, HttpStatusCode status, JsonElement body)
    {
        var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("errorMessage", out var m) ? m.GetString() : null;
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var c) ? c.GetString() : null;
        return (int)status is >= 400 and < 500 and not 404 and not 429 && code is not null
            ? new QueryException(code, $"Data node {server}: {message}", (int)status)
            : new DataNodeUnavailableException($"Data node {server} answered {(int)status} {status}: {message ?? code ?? "no Druid error"}");
    }
}
