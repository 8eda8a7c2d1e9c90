namespace Realtime.Core.Security;

/// <summary>
/// Where users, roles and permissions are kept: tables beside the segments table in the metadata store. As in Druid's
/// basic-security extension, the authenticator's users (names with passwords) and the authorizer's users (names with
/// roles) are kept apart, so a user signed in by a JWT needs no password.
/// </summary>
/// <remarks>
/// Safe for concurrent use, also by several nodes sharing the database. Methods that change something return false
/// when there was nothing to change (the name exists already, or is missing); the caller reads the state to say which.
/// </remarks>
public interface ISecurityStore
{
    /// <summary>Creates the tables unless they exist.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Everything the store holds.</summary>
    Task<SecurityState> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Adds a user to the authenticator, without a password; false when it exists.</summary>
    Task<bool> CreateAuthenticationUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a user and its password from the authenticator; false when it did not exist.</summary>
    Task<bool> DeleteAuthenticationUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets an authenticator user's password; false when the user does not exist.</summary>
    Task<bool> SetCredentialAsync(string name, PasswordCredential credential, CancellationToken cancellationToken);

    /// <summary>Adds a user to the authorizer, with no role; false when it exists.</summary>
    Task<bool> CreateAuthorizationUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a user and its role assignments from the authorizer; false when it did not exist.</summary>
    Task<bool> DeleteAuthorizationUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>Adds a role without permissions; false when it exists.</summary>
    Task<bool> CreateRoleAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a role, its permissions and its assignments; false when it did not exist.</summary>
    Task<bool> DeleteRoleAsync(string name, CancellationToken cancellationToken);

    /// <summary>Assigns a role to an authorizer user; false when either is missing or the role is assigned already.</summary>
    Task<bool> AssignRoleAsync(string userName, string roleName, CancellationToken cancellationToken);

    /// <summary>Takes a role from an authorizer user; false when it was not assigned.</summary>
    Task<bool> UnassignRoleAsync(string userName, string roleName, CancellationToken cancellationToken);

    /// <summary>Replaces a role's permissions; false when the role does not exist.</summary>
    Task<bool> SetPermissionsAsync(string roleName, IReadOnlyList<Permission> permissions, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an administrator in one transaction: the user in the authenticator with <paramref name="credential"/> and
    /// in the authorizer, the role <c>admin</c> with every permission unless it exists, and the assignment.
    /// </summary>
    /// <param name="name">The user's name.</param>
    /// <param name="credential">Its password.</param>
    /// <param name="onlyIfNoUser">Create it only when the authenticator has no user at all (the initial admin).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>False, with nothing changed, when the user exists or, with <paramref name="onlyIfNoUser"/>, any user exists.</returns>
    Task<bool> CreateAdminAsync(string name, PasswordCredential credential, bool onlyIfNoUser, CancellationToken cancellationToken);
}

/// <summary>A user of the authenticator.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Credential">Its password, or null while none is set (it cannot sign in with Basic then).</param>
public sealed record AuthenticationUser(string Name, PasswordCredential? Credential);

/// <summary>A user of the authorizer.</summary>
/// <param name="Name">The user name, as authentication reports it.</param>
/// <param name="Roles">The names of its roles, in order.</param>
public sealed record AuthorizationUser(string Name, IReadOnlyList<string> Roles);

/// <summary>A role and what it grants.</summary>
/// <param name="Name">The role name.</param>
/// <param name="Permissions">Its permissions, in the order they were set.</param>
public sealed record Role(string Name, IReadOnlyList<Permission> Permissions);

/// <summary>What a <see cref="ISecurityStore"/> holds at one moment, by name.</summary>
/// <param name="AuthenticationUsers">The authenticator's users.</param>
/// <param name="AuthorizationUsers">The authorizer's users.</param>
/// <param name="Roles">The roles.</param>
public sealed record SecurityState(
    IReadOnlyDictionary<string, AuthenticationUser> AuthenticationUsers,
    IReadOnlyDictionary<string, AuthorizationUser> AuthorizationUsers,
    IReadOnlyDictionary<string, Role> Roles)
{
    /// <summary>The role every administrator holds: every permission.</summary>
    public const string AdminRole = "admin";

    /// <summary>A state with nothing in it.</summary>
    public static SecurityState Empty { get; } = new(
        new Dictionary<string, AuthenticationUser>(StringComparer.Ordinal),
        new Dictionary<string, AuthorizationUser>(StringComparer.Ordinal),
        new Dictionary<string, Role>(StringComparer.Ordinal));
}
