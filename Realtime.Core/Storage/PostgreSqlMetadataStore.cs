using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Realtime.Core.Storage;

/// <summary>
/// Druid's segments table in a PostgreSQL database, as Druid's <c>postgresql-metadata-storage</c> extension keeps
/// it (payload <c>BYTEA</c>). The table is created at start-up unless it exists; publishing inserts a segment's row
/// only when its id is new.
/// </summary>
/// <remarks>
/// Safe for concurrent use, also by several nodes sharing the database: connections come from Npgsql's pool, and
/// creating the table takes a transaction-scoped advisory lock. The user needs CREATE on the schema only while the
/// table does not exist; afterwards SELECT, INSERT and UPDATE on the table suffice.
/// </remarks>
public sealed class PostgreSqlMetadataStore : SqlMetadataStore
{
    private static readonly SqlDialect Dialect = new(
        PayloadType: "BYTEA",
        TableExistsQuery: "SELECT to_regclass(@name) IS NOT NULL",
        SchemaLockStatement: "SELECT pg_advisory_xact_lock(hashtext(@name))");

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store; nothing is opened until <see cref="SqlMetadataStore.InitializeAsync"/> or the first call.</summary>
    /// <exception cref="MetadataStoreException">The connection string is not an Npgsql connection string.</exception>
    /// <exception cref="ArgumentException">The table name is invalid.</exception>
    public PostgreSqlMetadataStore(IOptions<MetadataStoreOptions> options, TimeProvider timeProvider, ILogger<PostgreSqlMetadataStore> logger)
        : base(new SegmentsTable(options.Value.GetSegmentsTable(), Dialect), new SecurityTables(options.Value.GetTablesBase(), Dialect), timeProvider, logger)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new MetadataStoreException(
                $"{MetadataStoreOptions.SectionName}:ConnectionString is not an Npgsql connection string (Host=...;Port=...;Database=...;Username=...;Password=...): {e.Message}", e);
        }

        var user = settings.Username ?? Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName;
        Location = $"{settings.Host ?? Environment.GetEnvironmentVariable("PGHOST") ?? "localhost"}:{settings.Port}, database '{settings.Database ?? user}', user '{user}'";
        _dataSource = NpgsqlDataSource.Create(settings);
    }

    /// <summary>The server (<c>host:port</c>), database and user, as errors and logs name them.</summary>
    public override string Location { get; }

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    private protected override MetadataStoreException? DescribeFailure(Exception exception)
    {
        var cause = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } =>
                "the server refused the user's credentials; check the user name and password",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } =>
                "the database does not exist; create it, or name an existing one",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } =>
                $"the user may not create table {Table.Name} or the security tables beside it ({string.Join(", ", SecurityTableNames)}); grant it CREATE on the schema, or have the tables created beforehand",
            PostgresException => "the server refused the request",
            _ when SocketErrorOf(exception) is SocketError.ConnectionRefused =>
                "connection refused; is PostgreSQL running and accepting TCP connections there?",
            _ when SocketErrorOf(exception) is SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                "the host name is unknown",
            NpgsqlException or SocketException or TimeoutException => "the server cannot be reached",
            _ => null,
        };
        return cause is null
            ? null
            : new MetadataStoreException($"Cannot use the PostgreSQL metadata store at {Location}: {cause}. ({exception.Message})", exception);
    }

    private protected override void CloseConnections() => _dataSource.Dispose();

    private static SocketError? SocketErrorOf(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }

        return null;
    }
}
