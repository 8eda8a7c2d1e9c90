using System.Security.Claims;
using Realtime.Core.Security;
using Realtime.Core.Sql.Catalog;

namespace Realtime.Core.Sql.Sys;

/// <summary>
/// <c>sys.server_segments</c>: which server serves which segment, one row per pair, from the segments the node knows
/// (<see cref="ISystemCatalog"/>). With a user, only segments of data sources it may READ.
/// </summary>
public sealed class ServerSegmentsTable(ISystemCatalog catalog, IResourceAuthorizer authorizer) : ISqlSystemTable
{
    private static readonly IReadOnlyList<SqlColumn> PairColumns =
    [
        new("server", SqlColumnType.Varchar),
        new("segment_id", SqlColumnType.Varchar),
    ];

    /// <inheritdoc />
    public string Schema => SysSchema.Name;

    /// <inheritdoc />
    public string Name => "server_segments";

    /// <inheritdoc />
    public IReadOnlyList<SqlColumn> Columns => PairColumns;

    /// <inheritdoc />
    public async Task<IReadOnlyList<object?[]>> ReadRowsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken) =>
        [.. (await catalog.ListSegmentsAsync(cancellationToken).ConfigureAwait(false))
            .Where(s => SysSchema.MayRead(authorizer, user, s.DataSource))
            .SelectMany(s => s.Servers.Select(server => new object?[] { server, s.Id }))];
}
