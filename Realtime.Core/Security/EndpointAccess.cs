using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Realtime.Core.Security;

/// <summary>
/// An endpoint's access policy, as endpoint metadata: the action on a resource its callers need. The resource is named
/// by the policy, taken from a route value, or known only to the endpoint's handler, which then checks it itself (the
/// data sources a query reads). Every caller must be authenticated.
/// </summary>
/// <remarks>
/// Metadata of its own kind, so that with security off (no authorization middleware) it is inert; with security on the
/// authorization middleware reads the requirements it gives, and <see cref="EndpointAccessHandler"/> decides.
/// </remarks>
public sealed class EndpointAccess : IAuthorizationRequirement, IAuthorizationRequirementData
{
    private EndpointAccess(ResourceType type, ResourceAction action, string? name, string? routeValue, string? checkedByHandler)
    {
        Type = type;
        Action = action;
        Name = name;
        RouteValue = routeValue;
        CheckedByHandler = checkedByHandler;
    }

    /// <summary>The type of the resource.</summary>
    public ResourceType Type { get; }

    /// <summary>The action needed.</summary>
    public ResourceAction Action { get; }

    /// <summary>The resource's name when the policy fixes it (<c>STATE</c>, <c>security</c>).</summary>
    public string? Name { get; }

    /// <summary>The route value naming the resource (<c>dataSource</c>).</summary>
    public string? RouteValue { get; }

    /// <summary>What the handler checks, when the resource is known only to it; the middleware then checks authentication only.</summary>
    public string? CheckedByHandler { get; }

    /// <summary>A policy on the resource <paramref name="name"/>.</summary>
    public static EndpointAccess On(ResourceType type, string name, ResourceAction action) => new(type, action, name, null, null);

    /// <summary>A policy on the resource the route value <paramref name="routeValue"/> names.</summary>
    public static EndpointAccess OnRouteValue(ResourceType type, string routeValue, ResourceAction action) => new(type, action, null, routeValue, null);

    /// <summary>A policy the handler applies to resources it learns from the request, described by <paramref name="what"/>.</summary>
    public static EndpointAccess ByHandler(ResourceType type, ResourceAction action, string what) => new(type, action, null, null, what);

    /// <summary>The resource's name for a request, or null when the handler decides.</summary>
    public string? ResourceFor(HttpContext context) => Name ?? (RouteValue is null ? null : context.GetRouteValue(RouteValue)?.ToString());

    /// <inheritdoc />
    public IEnumerable<IAuthorizationRequirement> GetRequirements() =>
        CheckedByHandler is null ? [new DenyAnonymousAuthorizationRequirement(), this] : [new DenyAnonymousAuthorizationRequirement()];

    /// <inheritdoc />
    public override string ToString() =>
        $"{Permission.Name(Action)} on {Permission.Name(Type)} {(Name is { } name ? $"'{name}'" : RouteValue is { } route ? $"{{{route}}}" : CheckedByHandler)}";
}

/// <summary>Decides <see cref="EndpointAccess"/> requirements with the node's <see cref="IResourceAuthorizer"/>.</summary>
public sealed class EndpointAccessHandler(IResourceAuthorizer authorizer) : AuthorizationHandler<EndpointAccess>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EndpointAccess requirement)
    {
        if (context.Resource is not HttpContext http || requirement.ResourceFor(http) is not { } name)
        {
            return Task.CompletedTask;
        }

        if (authorizer.IsAllowed(context.User, requirement.Type, name, requirement.Action))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, AccessDeniedException.Describe(context.User, requirement.Type, name, requirement.Action)));
        }

        return Task.CompletedTask;
    }
}
