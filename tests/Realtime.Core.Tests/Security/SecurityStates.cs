using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using Realtime.Core.Security;

namespace Realtime.Core.Tests.Security;

/// <summary>Catalogs over a store that answers a fixed state.</summary>
internal static class SecurityStates
{
    public static SecurityState Of(AuthenticationUser[] authentication, AuthorizationUser[] authorization, Role[] roles) => new(
        authentication.ToDictionary(u => u.Name, StringComparer.Ordinal),
        authorization.ToDictionary(u => u.Name, StringComparer.Ordinal),
        roles.ToDictionary(r => r.Name, StringComparer.Ordinal));

    public static async Task<SecurityCatalog> CatalogAsync(SecurityState state, SecurityOptions? options = null)
    {
        var store = new Mock<ISecurityStore>();
        store.Setup(s => s.LoadAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() => state);
        var catalog = new SecurityCatalog(store.Object, Options.Create(options ?? new SecurityOptions()), TimeProvider.System, NullLogger<SecurityCatalog>.Instance);
        await catalog.RefreshAsync(CancellationToken.None);
        return catalog;
    }
}
