using System.Security.Claims;
using Realtime.Core.Security;
using Realtime.Core.Sql.Catalog;

namespace Realtime.Core.Sql.Sys;

/// <summary>
/// <c>sys.servers</c>: the node itself and the data servers announced in its cluster (<see cref="ISystemCatalog"/>).
/// As in Druid, reading it with security on needs READ on the <c>STATE</c> resource.
/// </summary>
/// <remarks>
/// <c>is_leader</c> is null: only coordinators and overlords lead, and the node knows none. A realtime node's
/// <c>server_type</c> is <c>indexer</c>, Druid's long-running process that ingests and serves its realtime segments.
/// </remarks>
public sealed class ServersTable(ISystemCatalog catalog, IResourceAuthorizer authorizer) : ISqlSystemTable
{
    private static readonly IReadOnlyList<SqlColumn> ServerColumns =
    [
        new("server", SqlColumnType.Varchar),
        new("host", SqlColumnType.Varchar),
        new("plaintext_port", SqlColumnType.Bigint),
        new("tls_port", SqlColumnType.Bigint),
        new("server_type", SqlColumnType.Varchar),
        new("tier", SqlColumnType.Varchar),
        new("curr_size", SqlColumnType.Bigint),
        new("max_size", SqlColumnType.Bigint),
        new("is_leader", SqlColumnType.Bigint),
    ];

    /// <inheritdoc />
    public string Schema => SysSchema.Name;

    /// <inheritdoc />
    public string Name => "servers";

    /// <inheritdoc />
    public IReadOnlyList<SqlColumn> Columns => ServerColumns;

    /// <inheritdoc />
    /// <exception cref="AccessDeniedException">Security is on and <paramref name="user"/> may not READ <c>STATE</c>.</exception>
    public Task<IReadOnlyList<object?[]>> ReadRowsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken)
    {
        if (user is not null)
        {
            authorizer.Demand(user, ResourceType.State, [Permission.StateResource], ResourceAction.Read);
        }

        IReadOnlyList<object?[]> rows = [.. catalog.ListServers().Select(s => new object?[]
        {
            s.Name, s.Host, s.PlaintextPort, s.TlsPort, s.Type, s.Tier, s.CurrentSize, s.MaxSize, null,
        })];
        return Task.FromResult(rows);
    }
}
