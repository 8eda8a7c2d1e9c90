using System.Security.Claims;

namespace Realtime.Core.Sql.Catalog;

/// <summary>
/// A table of the <c>sys</c> schema (<c>sys.segments</c>, <c>sys.servers</c>, …) that SQL reads in memory. Register
/// implementations in the service collection; the SQL engine finds every one.
/// </summary>
public interface ISqlSystemTable
{
    /// <summary>The schema, <c>sys</c>.</summary>
    string Schema { get; }

    /// <summary>The table name, as Druid names it (<c>segments</c>).</summary>
    string Name { get; }

    /// <summary>The columns, in Druid's order and with its types.</summary>
    IReadOnlyList<SqlColumn> Columns { get; }

    /// <summary>The rows as they are now, one value per column; with <paramref name="user"/>, only rows of data sources that user may read.</summary>
    /// <param name="user">Who reads, or null to read every row.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<object?[]>> ReadRowsAsync(ClaimsPrincipal? user, CancellationToken cancellationToken);
}
