using Microsoft.Extensions.Logging;

namespace Realtime.Core.Security;

/// <summary>The security log messages. Passwords and tokens are never logged.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning, Message = "Failed {Scheme} login as '{User}' from {Address}: {Reason}")]
    public static partial void LoginFailed(this ILogger logger, string scheme, string user, string address, string reason);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Slowing down logins from {Address}: {Failures} failed within {Window}")]
    public static partial void SlowingDown(this ILogger logger, string address, int failures, TimeSpan window);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Created the initial admin user '{User}' with role 'admin'")]
    public static partial void InitialAdminCreated(this ILogger logger, string user);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Could not read users, roles and permissions from the metadata store; keeping those read before")]
    public static partial void RefreshFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information,
        Message = "Security on: {Users} users, {Roles} roles; Basic authentication{Jwt}; internal identity '{Internal}' {InternalState}")]
    public static partial void SecurityReady(this ILogger logger, int users, int roles, string jwt, string @internal, string internalState);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Access denied to '{User}' on {Method} {Path}: {Reason}")]
    public static partial void AccessDenied(this ILogger logger, string user, string method, string path, string reason);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Security change by '{Actor}': {Change}")]
    public static partial void Changed(this ILogger logger, string actor, string change);
}
