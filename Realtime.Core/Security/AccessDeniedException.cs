using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Realtime.Core.Security;

/// <summary>An identity may not do what it asked (HTTP 403); answered in Druid's error shape with the code <c>Unauthorized request</c>.</summary>
public sealed class AccessDeniedException(string message) : Exception(message)
{
    /// <summary>Druid's error code for a request the identity is not authorized for.</summary>
    public const string ErrorCode = "Unauthorized request";

    /// <summary>The message that says who may not do what: <c>User 'x' may not READ DATASOURCE 'y'.</c></summary>
    public static string Describe(ClaimsPrincipal user, ResourceType type, string name, ResourceAction action) =>
        $"User '{user.DisplayName()}' may not {Permission.Name(action)} {Permission.Name(type)} '{name}'.";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The 403 answer to <paramref name="context"/>'s request, in the shape Druid refuses a query with: <c>{"error","errorMessage","errorClass","host"}</c>.</summary>
    public static IResult Result(string message, HttpContext context)
    {
        var body = new JsonObject
        {
            ["error"] = ErrorCode,
            ["errorMessage"] = message,
            ["errorClass"] = typeof(AccessDeniedException).FullName,
            ["host"] = context.Request.Host.Value,
        };
        return Results.Text(body.ToJsonString(Relaxed), "application/json", statusCode: StatusCodes.Status403Forbidden);
    }
}
