using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Core.Security;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The node's security in the request pipeline, and Druid's basic-security admin API.</summary>
public static class SecurityEndpoints
{
    /// <summary>The root of the admin API.</summary>
    public const string Prefix = "/druid-ext/basic-security";

    /// <summary>
    /// With <c>Realtime:Security:Enabled</c>, adds ASP.NET Core's authentication and authorization middleware, which
    /// apply each endpoint's <see cref="EndpointAccess"/>; otherwise nothing, and every endpoint answers anyone.
    /// </summary>
    /// <remarks>Call before mapping endpoints. Requires <c>AddRealtime()</c> (or <c>AddRealtimeSecurity()</c>).</remarks>
    public static IApplicationBuilder UseRealtimeSecurity(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value.Enabled)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        return app;
    }

    /// <summary>Lets an endpoint answer anyone, security on or off; for load balancers' health checks.</summary>
    public static TBuilder AllowEveryone<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.AllowAnonymous();

    /// <summary>Requires <paramref name="action"/> on the resource <paramref name="name"/> of type <paramref name="type"/>.</summary>
    public static TBuilder RequireResource<TBuilder>(this TBuilder builder, ResourceType type, string name, ResourceAction action)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(EndpointAccess.On(type, name, action));

    /// <summary>Requires <paramref name="action"/> on the resource of type <paramref name="type"/> the route value <paramref name="routeValue"/> names.</summary>
    public static TBuilder RequireRouteResource<TBuilder>(this TBuilder builder, ResourceType type, string routeValue, ResourceAction action)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(EndpointAccess.OnRouteValue(type, routeValue, action));

    /// <summary>Requires authentication; the handler checks <paramref name="action"/> on the resources it learns from the request (<paramref name="what"/>).</summary>
    public static TBuilder RequireResourceCheckedByHandler<TBuilder>(this TBuilder builder, ResourceType type, ResourceAction action, string what)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(EndpointAccess.ByHandler(type, action, what));

    /// <summary>
    /// With security on, maps Druid's basic-security admin API under <c>/druid-ext/basic-security/</c>: the authenticator's
    /// users and passwords (<c>authentication/db/{authenticatorName}/users…</c>), the authorizer's users, roles and
    /// permissions (<c>authorization/db/{authorizerName}/…</c>), <c>loadStatus</c> and <c>refreshAll</c>. Reading needs
    /// READ and changing WRITE on <c>CONFIG</c> <c>security</c>. With security off it maps nothing.
    /// </summary>
    /// <remarks>A refused change answers 400 with <c>{"error": …}</c>, as Druid does; a change answers 200 with no body.</remarks>
    public static IEndpointRouteBuilder MapRealtimeSecurity(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (!options.Enabled)
        {
            return endpoints;
        }

        var root = endpoints.MapGroup(Prefix);
        foreach (var (realm, name) in new[] { ("authentication", options.AuthenticatorName), ("authorization", options.AuthorizerName) })
        {
            Read(root.MapGet($"/{realm}/loadStatus", (SecurityCatalog catalog) => Results.Json(new Dictionary<string, bool> { [name] = catalog.Loaded })));
            Write(root.MapPost($"/{realm}/refreshAll", async (SecurityCatalog catalog, CancellationToken token) =>
            {
                await catalog.RefreshAsync(token);
                return Results.Ok();
            }));
        }

        MapAuthenticator(root.MapGroup("/authentication/db/{authenticatorName}").AddEndpointFilter(NameFilter("authenticatorName", "authenticator", options.AuthenticatorName)));
        MapAuthorizer(root.MapGroup("/authorization/db/{authorizerName}").AddEndpointFilter(NameFilter("authorizerName", "authorizer", options.AuthorizerName)));
        return endpoints;
    }

    private static void MapAuthenticator(RouteGroupBuilder db)
    {
        Read(db.MapGet("/users", (SecurityAdministration admin) => Results.Json(admin.AuthenticationUsers())));
        Read(db.MapGet("/users/{userName}", (string userName, SecurityAdministration admin) => Answer(() =>
        {
            var user = admin.AuthenticationUser(userName);
            return Results.Json(new { name = user.Name, credentials = user.Credential is { } c ? new { iterations = c.Iterations } : null });
        })));
        Write(db.MapPost("/users/{userName}", (string userName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.CreateAuthenticationUserAsync(userName, context.User.DisplayName(), token))));
        Write(db.MapDelete("/users/{userName}", (string userName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.DeleteAuthenticationUserAsync(userName, context.User.DisplayName(), token))));
        Write(db.MapPost("/users/{userName}/credentials", (string userName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, async token =>
            {
                var body = await ReadJsonAsync(context, token);
                var password = body is JsonObject o && o["password"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
                await admin.SetPasswordAsync(userName, password, context.User.DisplayName(), token);
            })));
    }

    private static void MapAuthorizer(RouteGroupBuilder db)
    {
        Read(db.MapGet("/users", (SecurityAdministration admin) => Results.Json(admin.AuthorizationUsers())));
        Read(db.MapGet("/users/{userName}", (string userName, string? full, SecurityAdministration admin) => Answer(() =>
        {
            var user = admin.AuthorizationUser(userName);
            JsonArray roles = full is null ? [.. user.Roles.Select(r => (JsonNode)r)] : [.. user.Roles.Select(r => (JsonNode)RoleJson(admin, admin.Role(r), withUsers: false))];
            return Json(new JsonObject { ["name"] = user.Name, ["roles"] = roles });
        })));
        Write(db.MapPost("/users/{userName}", (string userName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.CreateAuthorizationUserAsync(userName, context.User.DisplayName(), token))));
        Write(db.MapDelete("/users/{userName}", (string userName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.DeleteAuthorizationUserAsync(userName, context.User.DisplayName(), token))));
        Write(db.MapPost("/users/{userName}/roles/{roleName}", (string userName, string roleName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.AssignRoleAsync(userName, roleName, context.User.DisplayName(), token))));
        Write(db.MapDelete("/users/{userName}/roles/{roleName}", (string userName, string roleName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.UnassignRoleAsync(userName, roleName, context.User.DisplayName(), token))));

        Read(db.MapGet("/roles", (SecurityAdministration admin) => Results.Json(admin.Roles())));
        Read(db.MapGet("/roles/{roleName}", (string roleName, string? full, SecurityAdministration admin) =>
            Answer(() => Json(RoleJson(admin, admin.Role(roleName), withUsers: full is not null)))));
        Write(db.MapPost("/roles/{roleName}", (string roleName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.CreateRoleAsync(roleName, context.User.DisplayName(), token))));
        Write(db.MapDelete("/roles/{roleName}", (string roleName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, token => admin.DeleteRoleAsync(roleName, context.User.DisplayName(), token))));
        Read(db.MapGet("/roles/{roleName}/permissions", (string roleName, SecurityAdministration admin) =>
            Answer(() => Json(PermissionsJson(admin.Role(roleName).Permissions)))));
        Write(db.MapPost("/roles/{roleName}/permissions", (string roleName, SecurityAdministration admin, HttpContext context) =>
            ChangeAsync(context, async token => await admin.SetPermissionsAsync(roleName, ParsePermissions(await ReadJsonAsync(context, token)), context.User.DisplayName(), token))));
    }

    private static void Read(IEndpointConventionBuilder builder) => builder.RequireResource(ResourceType.Config, Permission.SecurityResource, ResourceAction.Read);

    private static void Write(IEndpointConventionBuilder builder) => builder.RequireResource(ResourceType.Config, Permission.SecurityResource, ResourceAction.Write);

    // Druid answers an unknown authenticator or authorizer name with 400 and names it.
    private static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> NameFilter(string routeValue, string kind, string configured) =>
        (context, next) => context.HttpContext.GetRouteValue(routeValue)?.ToString() == configured
            ? next(context)
            : ValueTask.FromResult<object?>(Error($"Basic {kind} with name [{context.HttpContext.GetRouteValue(routeValue)}] does not exist."));

    private static IResult Answer(Func<IResult> read)
    {
        try
        {
            return read();
        }
        catch (SecurityAdministrationException e)
        {
            return Error(e.Message);
        }
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, Func<CancellationToken, Task> change)
    {
        try
        {
            await change(context.RequestAborted);
            return Results.Ok();
        }
        catch (SecurityAdministrationException e)
        {
            return Error(e.Message);
        }
    }

    private static IResult Error(string message) => Results.Json(new { error = message }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult Json(JsonNode node) => Results.Text(node.ToJsonString(), "application/json");

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new SecurityAdministrationException($"The request body is not JSON: {e.Message}");
        }
    }

    private static JsonObject RoleJson(SecurityAdministration admin, Role role, bool withUsers)
    {
        var json = new JsonObject { ["name"] = role.Name };
        if (withUsers)
        {
            json["users"] = new JsonArray([.. admin.UsersWith(role.Name).Select(u => (JsonNode)u)]);
        }

        json["permissions"] = PermissionsJson(role.Permissions);
        return json;
    }

    // Druid's BasicAuthorizerPermission: the resource action and the pattern its name compiles to.
    private static JsonArray PermissionsJson(IEnumerable<Permission> permissions) =>
    [
        .. permissions.Select(p => (JsonNode)new JsonObject
        {
            ["resourceAction"] = new JsonObject
            {
                ["resource"] = new JsonObject { ["name"] = p.NamePattern, ["type"] = Permission.Name(p.Type) },
                ["action"] = Permission.Name(p.Action),
            },
            ["resourceNamePattern"] = p.NamePattern,
        }),
    ];

    private static List<Permission> ParsePermissions(JsonNode? body)
    {
        if (body is not JsonArray array)
        {
            throw new SecurityAdministrationException("Permissions must be a JSON array of {\"resource\": {\"name\": …, \"type\": …}, \"action\": …}.");
        }

        var permissions = new List<Permission>();
        foreach (var (item, index) in array.Select((item, index) => (item, index)))
        {
            try
            {
                var resource = item?["resource"];
                permissions.Add(new Permission(
                    Permission.ParseType(resource?["type"]?.GetValue<string>()),
                    resource?["name"]?.GetValue<string>() ?? "",
                    Permission.ParseAction(item?["action"]?.GetValue<string>())));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                throw new SecurityAdministrationException($"Permission {index}: {e.Message}");
            }
        }

        return permissions;
    }
}
