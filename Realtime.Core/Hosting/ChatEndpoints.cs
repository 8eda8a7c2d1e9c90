using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Chat;
using Realtime.Core.Hosting;
using Realtime.Core.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Druid's chat endpoint, through which push sources such as the <c>receiver</c> firehose are reached.</summary>
public static class ChatEndpoints
{
    /// <summary>The route of chat requests.</summary>
    public const string Pattern = "/druid/worker/v1/chat/{serviceName}/{**action}";

    /// <summary>
    /// Routes every request to <c>/druid/worker/v1/chat/{serviceName}/{action}</c> to the <see cref="IChatHandler"/>
    /// registered under that name; an unknown name is answered 404 with <c>{"error": …}</c>.
    /// </summary>
    /// <remarks>
    /// The server's request body size limit is lifted for these requests: each handler bounds what it reads. With
    /// security on, a request needs WRITE on the data source of the pipeline whose firehose registered the handler (on
    /// <c>STATE</c> for a handler registered outside a pipeline), and the handler gets the caller as
    /// <see cref="ChatRequest.User"/>; a refused request gets 403 with <c>{"error": …}</c>. Requires
    /// <c>AddRealtime()</c> on the service collection.
    /// </remarks>
    public static IEndpointConventionBuilder MapRealtimeChat(this IEndpointRouteBuilder endpoints)
    {
        var registry = endpoints.ServiceProvider.GetRequiredService<ChatHandlerRegistry>();
        var authorizer = endpoints.ServiceProvider.ResourceAuthorizer();
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ChatEndpoints));
        return endpoints.Map(Pattern, (HttpContext context, string serviceName, string? action) =>
                HandleAsync(context, registry, authorizer, logger, serviceName, action ?? ""))
            .RequireResourceCheckedByHandler(ResourceType.DataSource, ResourceAction.Write, "the data source the chat handler's pipeline ingests");
    }

    private static async Task HandleAsync(HttpContext context, ChatHandlerRegistry registry, IResourceAuthorizer authorizer, ILogger logger, string serviceName, string action)
    {
        var handler = registry.Find(serviceName);
        if (handler is null)
        {
            await WriteAsync(context, ChatResponse.Error(StatusCodes.Status404NotFound,
                $"No chat handler is registered for service '{serviceName}'; registered: [{string.Join(", ", registry.ServiceNames)}]."));
            return;
        }

        var (type, resource) = registry.DataSourceOf(serviceName) is { } dataSource
            ? (ResourceType.DataSource, dataSource)
            : (ResourceType.State, Permission.StateResource);
        if (!authorizer.IsAllowed(context.User, type, resource, ResourceAction.Write))
        {
            await WriteAsync(context, ChatResponse.Error(StatusCodes.Status403Forbidden, AccessDeniedException.Describe(context.User, type, resource, ResourceAction.Write)));
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var request = new ChatRequest
        {
            Method = context.Request.Method.ToUpperInvariant(),
            ServiceName = serviceName,
            Action = action.Trim('/'),
            Query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = context.Request.Body,
            User = authorizer.Enabled ? context.User : null,
        };
        ChatResponse response;
        try
        {
            response = await handler.HandleAsync(request, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            HostingLog.ChatHandlerFailed(logger, e, serviceName, action);
            response = ChatResponse.Error(StatusCodes.Status500InternalServerError, $"The chat handler for '{serviceName}' failed: {e.Message}");
        }

        await WriteAsync(context, response);
    }

    private static async Task WriteAsync(HttpContext context, ChatResponse response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body is { } body)
        {
            context.Response.ContentType = "application/json";
            // Messages quote names with ' and a JSON body needs no HTML escaping, so keep them readable.
            await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            body.WriteTo(writer);
            await writer.FlushAsync(context.RequestAborted);
        }
    }
}
