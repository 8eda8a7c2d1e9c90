using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Core.Security;

/// <summary>
/// The users, roles and permissions the node authenticates and authorizes against: a copy of the metadata store's,
/// read at start-up and again every <see cref="SecurityOptions.RefreshPeriod"/>, and at once after a change made here.
/// </summary>
/// <remarks>
/// At start-up it creates the tables and, with <see cref="SecurityOptions.InitialAdminPassword"/>, the user
/// <c>admin</c> when the store has no user. A failed refresh keeps the last state read. Safe for concurrent use.
/// </remarks>
public sealed class SecurityCatalog(ISecurityStore store, IOptions<SecurityOptions> options, TimeProvider timeProvider, ILogger<SecurityCatalog> logger)
    : BackgroundService
{
    /// <summary>The name of the initial administrator.</summary>
    public const string InitialAdmin = "admin";

    private readonly SecurityOptions _options = options.Value;
    private volatile SecurityState _state = SecurityState.Empty;
    private volatile bool _loaded;

    /// <summary>The state last read.</summary>
    public SecurityState State => _state;

    /// <summary>Whether the state has been read at least once (the admin API's <c>loadStatus</c>).</summary>
    public bool Loaded => _loaded;

    /// <summary>The store the state is read from and changes are written to.</summary>
    public ISecurityStore Store => store;

    /// <summary>Creates the tables, the initial admin when configured and none exists, and reads the state.</summary>
    /// <exception cref="Storage.MetadataStoreException">The metadata store cannot be used.</exception>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (_options.InitialAdminPassword is { Length: > 0 } password
            && await store.CreateAdminAsync(InitialAdmin, PasswordHasher.Hash(password, _options.PasswordIterations), onlyIfNoUser: true, cancellationToken))
        {
            logger.InitialAdminCreated(InitialAdmin);
        }

        await RefreshAsync(cancellationToken);
        logger.SecurityReady(_state.AuthenticationUsers.Count, _state.Roles.Count, _options.Jwt.Enabled ? " and JWT bearer tokens" : "",
            _options.Internal.Username, _options.Internal.Password is { Length: > 0 } ? "configured" : "not configured (no inter-node calls authenticate)");
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Reads the state from the store now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        _state = await store.LoadAsync(cancellationToken);
        _loaded = true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.RefreshPeriod, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.RefreshFailed(e);
            }
        }
    }
}
