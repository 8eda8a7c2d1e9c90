using System.Security.Claims;
using Realtime.Core.Security;

namespace Realtime.Core.Sql.Sys;

/// <summary>What the tables of the <c>sys</c> schema share: its name and who may see a data source's rows.</summary>
internal static class SysSchema
{
    /// <summary>The schema's name.</summary>
    public const string Name = "sys";

    /// <summary>Whether <paramref name="user"/> may see rows of <paramref name="dataSource"/>: always without a user, else with READ on it.</summary>
    public static bool MayRead(IResourceAuthorizer authorizer, ClaimsPrincipal? user, string dataSource) =>
        user is null || authorizer.IsAllowed(user, ResourceType.DataSource, dataSource, ResourceAction.Read);
}
