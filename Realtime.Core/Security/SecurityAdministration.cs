using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Core.Security;

/// <summary>A change to users, roles or permissions was refused; answered 400 with Druid's message (<c>User [x] does not exist.</c>).</summary>
public sealed class SecurityAdministrationException(string message) : Exception(message);

/// <summary>
/// Manages the authenticator's users and passwords and the authorizer's users, roles and permissions, as Druid's
/// basic-security admin API does; behind the admin endpoints and the <c>create-admin</c> command.
/// </summary>
/// <remarks>
/// Each change is written to the metadata store, read back into the <see cref="SecurityCatalog"/> at once (other nodes
/// see it at their next refresh) and logged with who made it. Reads answer from the catalog.
/// </remarks>
public sealed class SecurityAdministration(SecurityCatalog catalog, IOptions<SecurityOptions> options, ILogger<SecurityAdministration> logger)
{
    private const int MaxNameLength = 255;
    private readonly SecurityOptions _options = options.Value;

    private ISecurityStore Store => catalog.Store;

    /// <summary>The authenticator's user names, in order.</summary>
    public IReadOnlyList<string> AuthenticationUsers() => [.. catalog.State.AuthenticationUsers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>An authenticator user.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public AuthenticationUser AuthenticationUser(string name) =>
        catalog.State.AuthenticationUsers.GetValueOrDefault(name) ?? throw UserMissing(name);

    /// <summary>Adds a user to the authenticator, without a password.</summary>
    /// <exception cref="SecurityAdministrationException">The name is invalid, the internal identity's, or taken.</exception>
    public Task CreateAuthenticationUserAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (name == _options.Internal.Username)
        {
            throw new SecurityAdministrationException($"User [{name}] is the internal identity (Realtime:Security:Internal:Username) and cannot be stored.");
        }

        return ChangeAsync(actor, $"created authenticator user '{name}'", Store.CreateAuthenticationUserAsync(Valid(name, "user"), cancellationToken), () => UserExists(name), cancellationToken);
    }

    /// <summary>Removes a user and its password from the authenticator.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public Task DeleteAuthenticationUserAsync(string name, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"deleted authenticator user '{name}'", Store.DeleteAuthenticationUserAsync(name, cancellationToken), () => UserMissing(name), cancellationToken);

    /// <summary>Sets an authenticator user's password, hashed with the configured iterations.</summary>
    /// <exception cref="SecurityAdministrationException">The user does not exist or the password is empty.</exception>
    public Task SetPasswordAsync(string name, string? password, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new SecurityAdministrationException("Invalid password: it must not be empty.");
        }

        return ChangeAsync(actor, $"set the password of '{name}'",
            Store.SetCredentialAsync(name, PasswordHasher.Hash(password, _options.PasswordIterations), cancellationToken), () => UserMissing(name), cancellationToken);
    }

    /// <summary>The authorizer's user names, in order.</summary>
    public IReadOnlyList<string> AuthorizationUsers() => [.. catalog.State.AuthorizationUsers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>An authorizer user with its roles.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public AuthorizationUser AuthorizationUser(string name) =>
        catalog.State.AuthorizationUsers.GetValueOrDefault(name) ?? throw UserMissing(name);

    /// <summary>Adds a user to the authorizer, with no role.</summary>
    /// <exception cref="SecurityAdministrationException">The name is invalid or taken.</exception>
    public Task CreateAuthorizationUserAsync(string name, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"created authorizer user '{name}'", Store.CreateAuthorizationUserAsync(Valid(name, "user"), cancellationToken), () => UserExists(name), cancellationToken);

    /// <summary>Removes a user and its role assignments from the authorizer.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public Task DeleteAuthorizationUserAsync(string name, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"deleted authorizer user '{name}'", Store.DeleteAuthorizationUserAsync(name, cancellationToken), () => UserMissing(name), cancellationToken);

    /// <summary>The role names, in order.</summary>
    public IReadOnlyList<string> Roles() => [.. catalog.State.Roles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A role with its permissions.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public Role Role(string name) => catalog.State.Roles.GetValueOrDefault(name) ?? throw RoleMissing(name);

    /// <summary>The authorizer users holding <paramref name="role"/>, in order.</summary>
    public IReadOnlyList<string> UsersWith(string role) =>
        [.. catalog.State.AuthorizationUsers.Values.Where(u => u.Roles.Contains(role, StringComparer.Ordinal)).Select(u => u.Name).Order(StringComparer.Ordinal)];

    /// <summary>Adds a role without permissions.</summary>
    /// <exception cref="SecurityAdministrationException">The name is invalid or taken.</exception>
    public Task CreateRoleAsync(string name, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"created role '{name}'", Store.CreateRoleAsync(Valid(name, "role"), cancellationToken),
            () => new SecurityAdministrationException($"Role [{name}] already exists."), cancellationToken);

    /// <summary>Removes a role, its permissions and its assignments.</summary>
    /// <exception cref="SecurityAdministrationException">It does not exist.</exception>
    public Task DeleteRoleAsync(string name, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"deleted role '{name}'", Store.DeleteRoleAsync(name, cancellationToken), () => RoleMissing(name), cancellationToken);

    /// <summary>Assigns a role to an authorizer user.</summary>
    /// <exception cref="SecurityAdministrationException">The user or the role does not exist, or the role is assigned already.</exception>
    public Task AssignRoleAsync(string user, string role, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"assigned role '{role}' to '{user}'", Store.AssignRoleAsync(user, role, cancellationToken),
            () => WhyNot(user, role) ?? new SecurityAdministrationException($"User [{user}] already has role [{role}]."), cancellationToken);

    /// <summary>Takes a role from an authorizer user.</summary>
    /// <exception cref="SecurityAdministrationException">The user or the role does not exist, or the role is not assigned.</exception>
    public Task UnassignRoleAsync(string user, string role, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"took role '{role}' from '{user}'", Store.UnassignRoleAsync(user, role, cancellationToken),
            () => WhyNot(user, role) ?? new SecurityAdministrationException($"User [{user}] does not have role [{role}]."), cancellationToken);

    /// <summary>Replaces a role's permissions.</summary>
    /// <exception cref="SecurityAdministrationException">The role does not exist.</exception>
    public Task SetPermissionsAsync(string role, IReadOnlyList<Permission> permissions, string actor, CancellationToken cancellationToken) =>
        ChangeAsync(actor, $"set the permissions of role '{role}' to [{string.Join("; ", permissions)}]", Store.SetPermissionsAsync(role, permissions, cancellationToken),
            () => RoleMissing(role), cancellationToken);

    /// <summary>
    /// Creates an administrator: the user in the authenticator with <paramref name="password"/> and in the authorizer, with
    /// the role <c>admin</c> (every permission), which is created unless it exists.
    /// </summary>
    /// <exception cref="SecurityAdministrationException">The name is invalid or the internal identity's, the password empty, or the user exists.</exception>
    public async Task CreateAdminAsync(string name, string password, string actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password) || name == _options.Internal.Username)
        {
            throw new SecurityAdministrationException(string.IsNullOrEmpty(password) ? "Invalid password: it must not be empty." : $"User [{name}] is the internal identity.");
        }

        await Store.InitializeAsync(cancellationToken);
        await ChangeAsync(actor, $"created administrator '{name}'",
            Store.CreateAdminAsync(Valid(name, "user"), PasswordHasher.Hash(password, _options.PasswordIterations), onlyIfNoUser: false, cancellationToken), () => UserExists(name), cancellationToken);
    }

    private async Task ChangeAsync(string actor, string change, Task<bool> write, Func<SecurityAdministrationException> refusal, CancellationToken cancellationToken)
    {
        var changed = await write;
        await catalog.RefreshAsync(cancellationToken);
        if (!changed)
        {
            throw refusal();
        }

        logger.Changed(actor, change);
    }

    private SecurityAdministrationException? WhyNot(string user, string role) =>
        !catalog.State.AuthorizationUsers.ContainsKey(user) ? UserMissing(user)
        : !catalog.State.Roles.ContainsKey(role) ? RoleMissing(role)
        : null;

    private static string Valid(string name, string what) =>
        name.Length is > 0 and <= MaxNameLength && !name.Any(char.IsControl)
            ? name
            : throw new SecurityAdministrationException($"Invalid {what} name [{name}]: use 1 to {MaxNameLength} characters, none of them control characters.");

    private static SecurityAdministrationException UserMissing(string name) => new($"User [{name}] does not exist.");

    private static SecurityAdministrationException UserExists(string name) => new($"User [{name}] already exists.");

    private static SecurityAdministrationException RoleMissing(string name) => new($"Role [{name}] does not exist.");
}
