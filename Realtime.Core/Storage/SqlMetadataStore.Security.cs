using System.Data.Common;
using Realtime.Core.Security;

namespace Realtime.Core.Storage;

/// <summary>The users, roles and permissions tables of the store (<see cref="ISecurityStore"/>).</summary>
public abstract partial class SqlMetadataStore
{
    /// <summary>The names of the security tables.</summary>
    public IReadOnlyList<string> SecurityTableNames => Security.Names;

    /// <inheritdoc />
    public Task<SecurityState> LoadAsync(CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.LoadAsync(connection, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateAuthenticationUserAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.CreateAuthenticationUserAsync(connection, name, _timeProvider.GetUtcNow(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAuthenticationUserAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.DeleteAuthenticationUserAsync(connection, name, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetCredentialAsync(string name, PasswordCredential credential, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.SetCredentialAsync(connection, name, credential, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateAuthorizationUserAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.CreateAuthorizationUserAsync(connection, name, _timeProvider.GetUtcNow(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAuthorizationUserAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.DeleteAuthorizationUserAsync(connection, name, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateRoleAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.CreateRoleAsync(connection, name, _timeProvider.GetUtcNow(), token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteRoleAsync(string name, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.DeleteRoleAsync(connection, name, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> AssignRoleAsync(string userName, string roleName, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.AssignRoleAsync(connection, null, userName, roleName, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> UnassignRoleAsync(string userName, string roleName, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.UnassignRoleAsync(connection, userName, roleName, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> SetPermissionsAsync(string roleName, IReadOnlyList<Permission> permissions, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.SetPermissionsAsync(connection, roleName, permissions, token), cancellationToken);

    /// <inheritdoc />
    public Task<bool> CreateAdminAsync(string name, PasswordCredential credential, bool onlyIfNoUser, CancellationToken cancellationToken) =>
        WithConnectionAsync((connection, token) => Security.CreateAdminAsync(connection, name, credential, onlyIfNoUser, _timeProvider.GetUtcNow(), token), cancellationToken);

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }
}
