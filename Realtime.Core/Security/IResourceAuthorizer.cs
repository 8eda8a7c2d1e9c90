using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.Core.Security;

/// <summary>
/// Answers whether an identity may act on a resource: the one authorization decision every endpoint, and SQL once it
/// lands, asks (for example, may this identity READ these data sources).
/// </summary>
/// <remarks>Safe for concurrent use; answers from memory.</remarks>
public interface IResourceAuthorizer
{
    /// <summary>Whether the node's security is on; when off every identity, anonymous too, may do everything.</summary>
    bool Enabled { get; }

    /// <summary>Whether <paramref name="user"/> may do <paramref name="action"/> to the resource <paramref name="name"/> of type <paramref name="type"/>.</summary>
    bool IsAllowed(ClaimsPrincipal user, ResourceType type, string name, ResourceAction action);
}

/// <summary>Decisions over several resources at once.</summary>
public static class ResourceAuthorizerExtensions
{
    private static readonly AllowAllAuthorizer AllowAll = new();

    /// <summary>The registered authorizer, or one that allows everything when none is (endpoints mapped without <c>AddRealtime</c>).</summary>
    public static IResourceAuthorizer ResourceAuthorizer(this IServiceProvider services) => services.GetService<IResourceAuthorizer>() ?? AllowAll;

    /// <summary>The first of <paramref name="names"/> that <paramref name="user"/> may not act on, or null when it may act on all.</summary>
    public static string? FirstDenied(this IResourceAuthorizer authorizer, ClaimsPrincipal user, ResourceType type, IEnumerable<string> names, ResourceAction action) =>
        names.FirstOrDefault(name => !authorizer.IsAllowed(user, type, name, action));

    /// <summary>Those of <paramref name="names"/> that <paramref name="user"/> may act on, in order: what a listing shows it.</summary>
    public static IEnumerable<string> Allowed(this IResourceAuthorizer authorizer, ClaimsPrincipal user, ResourceType type, IEnumerable<string> names, ResourceAction action) =>
        names.Where(name => authorizer.IsAllowed(user, type, name, action));

    /// <summary>Throws <see cref="AccessDeniedException"/> unless <paramref name="user"/> may act on every one of <paramref name="names"/>.</summary>
    /// <exception cref="AccessDeniedException">One is denied; the message names it.</exception>
    public static void Demand(this IResourceAuthorizer authorizer, ClaimsPrincipal user, ResourceType type, IEnumerable<string> names, ResourceAction action)
    {
        if (authorizer.FirstDenied(user, type, names, action) is { } denied)
        {
            throw new AccessDeniedException(AccessDeniedException.Describe(user, type, denied, action));
        }
    }
}

/// <summary>The authorizer of a node whose security is off: everything is allowed.</summary>
public sealed class AllowAllAuthorizer : IResourceAuthorizer
{
    /// <inheritdoc />
    public bool Enabled => false;

    /// <inheritdoc />
    public bool IsAllowed(ClaimsPrincipal user, ResourceType type, string name, ResourceAction action) => true;
}

/// <summary>
/// Druid's basic authorizer: an identity may act on a resource when one of its roles has a permission that grants it.
/// Its roles are those the authorizer assigns to its name, and, for a JWT, those its role claim names. The internal
/// identity may do everything; an anonymous one nothing.
/// </summary>
public sealed class RoleAuthorizer(SecurityCatalog catalog) : IResourceAuthorizer
{
    /// <inheritdoc />
    public bool Enabled => true;

    /// <inheritdoc />
    public bool IsAllowed(ClaimsPrincipal user, ResourceType type, string name, ResourceAction action)
    {
        if (user.Identity is not { IsAuthenticated: true })
        {
            return false;
        }

        if (user.IsInternal())
        {
            return true;
        }

        var state = catalog.State;
        return RolesOf(user, state).Any(role => state.Roles.TryGetValue(role, out var granted) && granted.Permissions.Any(p => p.Grants(type, name, action)));
    }

    private static IEnumerable<string> RolesOf(ClaimsPrincipal user, SecurityState state)
    {
        var assigned = user.Identity?.Name is { } name && state.AuthorizationUsers.TryGetValue(name, out var authorized) ? authorized.Roles : [];
        return assigned.Concat(user.Identities.SelectMany(identity => identity.FindAll(identity.RoleClaimType)).Select(claim => claim.Value));
    }
}
