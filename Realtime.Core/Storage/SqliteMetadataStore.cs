using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Core.Storage;

/// <summary>
/// The embedded metadata store: Druid's segments table in a SQLite file. The table is created on first use unless
/// it exists; publishing inserts a segment's row only when its id is new, as Druid's publisher does.
/// </summary>
/// <remarks>
/// Safe for concurrent use, also by several processes sharing the file: the database runs in write-ahead-log mode,
/// so readers never wait for the writer, and a writer waits for another up to the connection string's
/// <c>Default Timeout</c> (30 s unless set) before failing with <see cref="SqliteException"/>.
/// </remarks>
public sealed class SqliteMetadataStore : SqlMetadataStore
{
    private static readonly SqlDialect Dialect = new(
        PayloadType: "BLOB",
        TableExistsQuery: "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name COLLATE NOCASE");

    private readonly string _connectionString;
    private readonly int _busyTimeoutMillis;

    /// <summary>Creates the store; nothing is opened until the first call.</summary>
    /// <exception cref="ArgumentException">The connection string or table name is invalid.</exception>
    public SqliteMetadataStore(IOptions<MetadataStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteMetadataStore> logger)
        : base(new SegmentsTable(options.Value.GetSegmentsTable(), Dialect), new SecurityTables(options.Value.GetTablesBase(), Dialect), timeProvider, logger)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString);
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource is not ("" or ":memory:") && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            // Fixed now, so that a later change of working directory does not move the database.
            builder.DataSource = DatabasePath = Path.GetFullPath(builder.DataSource);
        }

        _connectionString = builder.ToString();
        _busyTimeoutMillis = builder.DefaultTimeout * 1000;
        Location = DatabasePath ?? builder.DataSource;
    }

    /// <summary>The database file, or null for an in-memory database or a <c>file:</c> URI.</summary>
    public string? DatabasePath { get; }

    /// <inheritdoc />
    public override string Location { get; }

    /// <summary>Creates the database directory and switches the file to write-ahead logging.</summary>
    private protected override async Task<DbConnection> OpenForInitializeAsync(CancellationToken cancellationToken)
    {
        if (DatabasePath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        }

        var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL";
            await wal.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMillis}";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private protected override MetadataStoreException? DescribeFailure(Exception exception) =>
        exception is SqliteException or IOException or UnauthorizedAccessException
            ? new MetadataStoreException($"Cannot open the SQLite metadata store {Location}: {exception.Message}", exception)
            : null;

    private protected override void CloseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
