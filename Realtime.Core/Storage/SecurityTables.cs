using System.Data.Common;
using System.Globalization;
using Realtime.Abstractions.Time;
using Realtime.Core.Security;
using static Realtime.Core.Storage.SqlCommands;

namespace Realtime.Core.Storage;

/// <summary>
/// The SQL of the users, roles and permissions tables that SQLite and PostgreSQL share:
/// <c>&lt;base&gt;_auth_users</c> (the authenticator's users and their PBKDF2 passwords), <c>&lt;base&gt;_authz_users</c>
/// (the authorizer's users), <c>&lt;base&gt;_roles</c>, <c>&lt;base&gt;_user_roles</c> and <c>&lt;base&gt;_permissions</c>.
/// </summary>
/// <remarks>
/// The tables have no foreign keys: a change that touches several of them (deleting a role, creating an admin) is one
/// transaction instead, so any table can be dropped on its own.
/// </remarks>
internal sealed class SecurityTables(string tablesBase, SqlDialect dialect)
{
    private string AuthUsers { get; } = $"{tablesBase}_auth_users";

    private string AuthzUsers { get; } = $"{tablesBase}_authz_users";

    private string Roles { get; } = $"{tablesBase}_roles";

    private string UserRoles { get; } = $"{tablesBase}_user_roles";

    private string Permissions { get; } = $"{tablesBase}_permissions";

    /// <summary>The tables' names.</summary>
    public IReadOnlyList<string> Names => [AuthUsers, AuthzUsers, Roles, UserRoles, Permissions];

    /// <summary>Creates each table unless it exists; one transaction.</summary>
    /// <remarks>An existing table is left alone, so a role that may only read and write the tables suffices once they exist.</remarks>
    public async Task CreateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, dialect, AuthUsers, cancellationToken);
        foreach (var (table, definition) in Definitions())
        {
            if (!await TableExistsAsync(connection, transaction, dialect, table, cancellationToken))
            {
                await ExecuteAsync(connection, transaction, $"CREATE TABLE {table} ({definition})", cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Reads every table.</summary>
    public async Task<SecurityState> LoadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var authentication = new Dictionary<string, AuthenticationUser>(StringComparer.Ordinal);
        await ReadAsync(connection, $"SELECT name, salt, hash, iterations FROM {AuthUsers}", reader =>
        {
            var name = reader.GetString(0);
            authentication[name] = new AuthenticationUser(name, reader.IsDBNull(1) ? null
                : new PasswordCredential(reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }, cancellationToken);

        var assigned = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await ReadAsync(connection, $"SELECT name FROM {AuthzUsers}", reader => assigned[reader.GetString(0)] = [], cancellationToken);
        await ReadAsync(connection, $"SELECT user_name, role_name FROM {UserRoles} ORDER BY user_name, role_name", reader =>
        {
            if (assigned.TryGetValue(reader.GetString(0), out var roles))
            {
                roles.Add(reader.GetString(1));
            }
        }, cancellationToken);

        var granted = new Dictionary<string, List<Permission>>(StringComparer.Ordinal);
        await ReadAsync(connection, $"SELECT name FROM {Roles}", reader => granted[reader.GetString(0)] = [], cancellationToken);
        await ReadAsync(connection, $"SELECT role_name, resource_type, resource_name, action FROM {Permissions} ORDER BY role_name, ordinal", reader =>
        {
            if (granted.TryGetValue(reader.GetString(0), out var permissions))
            {
                permissions.Add(new Permission(Permission.ParseType(reader.GetString(1)), reader.GetString(2), Permission.ParseAction(reader.GetString(3))));
            }
        }, cancellationToken);

        return new SecurityState(
            authentication,
            assigned.ToDictionary(e => e.Key, e => new AuthorizationUser(e.Key, e.Value), StringComparer.Ordinal),
            granted.ToDictionary(e => e.Key, e => new Role(e.Key, e.Value), StringComparer.Ordinal));
    }

    /// <summary>Adds an authenticator user without a password; false when it exists.</summary>
    public async Task<bool> CreateAuthenticationUserAsync(DbConnection connection, string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        await InsertNameAsync(connection, null, AuthUsers, name, now, cancellationToken);

    /// <summary>Adds an authorizer user; false when it exists.</summary>
    public async Task<bool> CreateAuthorizationUserAsync(DbConnection connection, string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        await InsertNameAsync(connection, null, AuthzUsers, name, now, cancellationToken);

    /// <summary>Adds a role; false when it exists.</summary>
    public async Task<bool> CreateRoleAsync(DbConnection connection, string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        await InsertNameAsync(connection, null, Roles, name, now, cancellationToken);

    /// <summary>Removes an authenticator user; false when it did not exist.</summary>
    public async Task<bool> DeleteAuthenticationUserAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, null, $"DELETE FROM {AuthUsers} WHERE name = @name", cancellationToken, ("name", name)) == 1;

    /// <summary>Removes an authorizer user and its assignments; false when it did not exist.</summary>
    public Task<bool> DeleteAuthorizationUserAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        DeleteWithAsync(connection, AuthzUsers, name, [$"DELETE FROM {UserRoles} WHERE user_name = @name"], cancellationToken);

    /// <summary>Removes a role, its permissions and its assignments; false when it did not exist.</summary>
    public Task<bool> DeleteRoleAsync(DbConnection connection, string name, CancellationToken cancellationToken) =>
        DeleteWithAsync(connection, Roles, name, [$"DELETE FROM {UserRoles} WHERE role_name = @name", $"DELETE FROM {Permissions} WHERE role_name = @name"], cancellationToken);

    /// <summary>Sets an authenticator user's password; false when the user does not exist.</summary>
    public Task<bool> SetCredentialAsync(DbConnection connection, string name, PasswordCredential credential, CancellationToken cancellationToken) =>
        SetCredentialAsync(connection, null, name, credential, cancellationToken);

    /// <summary>Assigns a role that exists to an authorizer user that exists; false otherwise or when assigned already.</summary>
    public async Task<bool> AssignRoleAsync(DbConnection connection, DbTransaction? transaction, string userName, string roleName, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO {UserRoles} (user_name, role_name)
            SELECT @user, @role WHERE EXISTS (SELECT 1 FROM {AuthzUsers} WHERE name = @user) AND EXISTS (SELECT 1 FROM {Roles} WHERE name = @role)
            ON CONFLICT DO NOTHING
            """, cancellationToken, ("user", userName), ("role", roleName)) == 1;

    /// <summary>Takes a role from a user; false when it was not assigned.</summary>
    public async Task<bool> UnassignRoleAsync(DbConnection connection, string userName, string roleName, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, null, $"DELETE FROM {UserRoles} WHERE user_name = @user AND role_name = @role", cancellationToken,
            ("user", userName), ("role", roleName)) == 1;

    /// <summary>Replaces a role's permissions; false when the role does not exist. One transaction.</summary>
    public async Task<bool> SetPermissionsAsync(DbConnection connection, string roleName, IReadOnlyList<Permission> permissions, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await CountAsync(connection, transaction, $"SELECT COUNT(*) FROM {Roles} WHERE name = @name", cancellationToken, ("name", roleName)) == 0)
        {
            return false;
        }

        await ExecuteAsync(connection, transaction, $"DELETE FROM {Permissions} WHERE role_name = @name", cancellationToken, ("name", roleName));
        await InsertPermissionsAsync(connection, transaction, roleName, permissions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Creates an administrator in one transaction: the authenticator user with its password, the authorizer user, the
    /// role <c>admin</c> with every permission unless it exists, and the assignment.
    /// </summary>
    /// <returns>False, changing nothing, when the user exists or, with <paramref name="onlyIfNoUser"/>, any authenticator user exists.</returns>
    public async Task<bool> CreateAdminAsync(
        DbConnection connection, string name, PasswordCredential credential, bool onlyIfNoUser, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, dialect, AuthUsers, cancellationToken);
        if ((onlyIfNoUser && await CountAsync(connection, transaction, $"SELECT COUNT(*) FROM {AuthUsers}", cancellationToken) > 0)
            || !await InsertNameAsync(connection, transaction, AuthUsers, name, now, cancellationToken))
        {
            return false;
        }

        await SetCredentialAsync(connection, transaction, name, credential, cancellationToken);
        await InsertNameAsync(connection, transaction, AuthzUsers, name, now, cancellationToken);
        if (await InsertNameAsync(connection, transaction, Roles, SecurityState.AdminRole, now, cancellationToken))
        {
            await InsertPermissionsAsync(connection, transaction, SecurityState.AdminRole, Permission.All, cancellationToken);
        }

        await AssignRoleAsync(connection, transaction, name, SecurityState.AdminRole, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private (string Table, string Definition)[] Definitions() =>
    [
        (AuthUsers, $"name VARCHAR(255) NOT NULL, salt {dialect.PayloadType}, hash {dialect.PayloadType}, iterations INTEGER, created_date VARCHAR(255) NOT NULL, PRIMARY KEY (name)"),
        (AuthzUsers, "name VARCHAR(255) NOT NULL, created_date VARCHAR(255) NOT NULL, PRIMARY KEY (name)"),
        (Roles, "name VARCHAR(255) NOT NULL, created_date VARCHAR(255) NOT NULL, PRIMARY KEY (name)"),
        (UserRoles, "user_name VARCHAR(255) NOT NULL, role_name VARCHAR(255) NOT NULL, PRIMARY KEY (user_name, role_name)"),
        (Permissions, "role_name VARCHAR(255) NOT NULL, ordinal INTEGER NOT NULL, resource_type VARCHAR(32) NOT NULL, resource_name VARCHAR(1024) NOT NULL, action VARCHAR(16) NOT NULL, PRIMARY KEY (role_name, ordinal)"),
    ];

    private async Task<bool> SetCredentialAsync(DbConnection connection, DbTransaction? transaction, string name, PasswordCredential credential, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"UPDATE {AuthUsers} SET salt = @salt, hash = @hash, iterations = @iterations WHERE name = @name", cancellationToken,
            ("salt", credential.Salt), ("hash", credential.Hash), ("iterations", credential.Iterations), ("name", name)) == 1;

    private static async Task<bool> InsertNameAsync(DbConnection connection, DbTransaction? transaction, string table, string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"INSERT INTO {table} (name, created_date) VALUES (@name, @created) ON CONFLICT (name) DO NOTHING", cancellationToken,
            ("name", name), ("created", DateTimes.Format(now.ToUnixTimeMilliseconds()))) == 1;

    private async Task InsertPermissionsAsync(DbConnection connection, DbTransaction transaction, string roleName, IReadOnlyList<Permission> permissions, CancellationToken cancellationToken)
    {
        for (var i = 0; i < permissions.Count; i++)
        {
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO {Permissions} (role_name, ordinal, resource_type, resource_name, action) VALUES (@role, @ordinal, @type, @name, @action)", cancellationToken,
                ("role", roleName), ("ordinal", i), ("type", Permission.Name(permissions[i].Type)), ("name", permissions[i].NamePattern), ("action", Permission.Name(permissions[i].Action)));
        }
    }

    private static async Task<bool> DeleteWithAsync(DbConnection connection, string table, string name, string[] dependents, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE name = @name", cancellationToken, ("name", name)) == 0)
        {
            return false;
        }

        foreach (var sql in dependents)
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken, ("name", name));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
