using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Realtime.Core.Security;

/// <summary>
/// Answers a request the authorization middleware refused for want of a permission with 403 and Druid's error body
/// (<see cref="AccessDeniedException.Result"/>), and logs it; everything else goes to ASP.NET Core's default handling.
/// </summary>
public sealed class AccessDeniedResultHandler(ILogger<AccessDeniedResultHandler> logger) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc />
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var reason = authorizeResult.AuthorizationFailure?.FailureReasons.Select(r => r.Message).FirstOrDefault() ?? $"User '{context.User.DisplayName()}' is not authorized.";
        logger.AccessDenied(context.User.DisplayName(), context.Request.Method, context.Request.Path, reason);
        await AccessDeniedException.Result(reason, context).ExecuteAsync(context);
    }
}
