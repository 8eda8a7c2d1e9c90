using System.Security.Claims;

namespace Realtime.Core.Security;

/// <summary>The node's authentication scheme names and the claims its identities carry.</summary>
public static class RealtimeAuthentication
{
    /// <summary>The scheme that picks Basic or Bearer by the request's <c>Authorization</c> header; the default scheme.</summary>
    public const string Scheme = "Realtime";

    /// <summary>HTTP Basic against the authenticator's users and the internal identity.</summary>
    public const string BasicScheme = "Basic";

    /// <summary>JWT bearer tokens.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>A claim the internal identity carries; it holds every permission.</summary>
    public const string InternalClaim = "realtime:internal";

    /// <summary>Whether <paramref name="user"/> is the internal identity.</summary>
    public static bool IsInternal(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == InternalClaim);

    /// <summary>The user's name as logs and messages give it: its name, or <c>anonymous</c>.</summary>
    public static string DisplayName(this ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";
}
