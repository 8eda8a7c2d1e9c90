using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;

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
public sealed partial class SqliteMetadataStore : ISegmentMetadataStore, IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMillis;
    private readonly SegmentsTable _table;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SqliteMetadataStore> _logger;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Creates the store; nothing is opened until the first call.</summary>
    /// <exception cref="ArgumentException">The connection string or table name is invalid.</exception>
    public SqliteMetadataStore(IOptions<MetadataStoreOptions> options, TimeProvider timeProvider, ILogger<SqliteMetadataStore> logger)
    {
        var builder = new SqliteConnectionStringBuilder(options.Value.ConnectionString);
        if (builder.Mode != SqliteOpenMode.Memory && builder.DataSource is not ("" or ":memory:") && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            // Fixed now, so that a later change of working directory does not move the database.
            builder.DataSource = DatabasePath = Path.GetFullPath(builder.DataSource);
        }

        _connectionString = builder.ToString();
        _busyTimeoutMillis = builder.DefaultTimeout * 1000;
        _table = new SegmentsTable(options.Value.GetSegmentsTable());
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The database file, or null for an in-memory database or a <c>file:</c> URI.</summary>
    public string? DatabasePath { get; }

    /// <summary>The segments table's name.</summary>
    public string SegmentsTable => _table.Name;

    /// <summary>Creates the database directory, switches the file to write-ahead logging and creates the table unless it exists.</summary>
    /// <remarks>Runs once; every other method calls it first.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initializing.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            if (DatabasePath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
            }

            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }

            await _table.CreateAsync(connection, "BLOB", cancellationToken);
            _initialized = true;
            LogReady(_table.Name, DatabasePath ?? new SqliteConnectionStringBuilder(_connectionString).DataSource);
        }
        finally
        {
            _initializing.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> PublishAsync(DataSegment segment, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var inserted = await _table.InsertIfAbsentAsync(connection, segment, _timeProvider.GetUtcNow(), cancellationToken);
        if (inserted)
        {
            LogPublished(segment.Identifier, _table.Name);
        }
        else
        {
            LogAlreadyPublished(segment.Identifier, _table.Name);
        }

        return inserted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await _table.GetUsedAsync(connection, dataSource, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, Interval interval, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await _table.GetUsedAsync(connection, dataSource, interval, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PublishedSegment?> GetSegmentAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await _table.GetAsync(connection, id, cancellationToken);
    }

    /// <summary>Closes the pooled connections, releasing the database file.</summary>
    public void Dispose()
    {
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initializing.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
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

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Segments table {Table} ready in {Database}")]
    private partial void LogReady(string table, string database);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Published segment {SegmentId} in {Table}")]
    private partial void LogPublished(string segmentId, string table);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Segment {SegmentId} was already published in {Table}; its row is kept")]
    private partial void LogAlreadyPublished(string segmentId, string table);
}
