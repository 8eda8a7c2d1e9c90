using System.Data.Common;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using Realtime.Core.Security;

namespace Realtime.Core.Storage;

/// <summary>
/// Druid's segments table in a SQL database, the part the built-in stores share: the table is created once, unless
/// it exists, before first use; publishing inserts a segment's row only when its id is new, as Druid's publisher
/// does. The users, roles and permissions of the node's security live beside it (<see cref="ISecurityStore"/>).
/// <see cref="SqliteMetadataStore"/> and <see cref="PostgreSqlMetadataStore"/> add how they connect.
/// </summary>
/// <remarks>Safe for concurrent use. A failure to initialize is a <see cref="MetadataStoreException"/> naming the store.</remarks>
public abstract partial class SqlMetadataStore : ISegmentMetadataStore, ISecurityStore, IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;

    private protected SqlMetadataStore(SegmentsTable table, SecurityTables security, TimeProvider timeProvider, ILogger logger)
    {
        Table = table;
        Security = security;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The segments table's name.</summary>
    public string SegmentsTable => Table.Name;

    /// <summary>Where the table lives, as errors and logs name it: the database file, or the server, database and user.</summary>
    public abstract string Location { get; }

    private protected SegmentsTable Table { get; }

    private SecurityTables Security { get; }

    /// <inheritdoc />
    /// <exception cref="MetadataStoreException">The database cannot be reached or opened, or the table cannot be created.</exception>
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

            try
            {
                await using var connection = await OpenForInitializeAsync(cancellationToken);
                await Table.CreateAsync(connection, cancellationToken);
                await Security.CreateAsync(connection, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException && DescribeFailure(e) is { } failure)
            {
                throw failure;
            }

            _initialized = true;
            LogReady(Table.Name, Location);
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
        var inserted = await Table.InsertIfAbsentAsync(connection, segment, _timeProvider.GetUtcNow(), cancellationToken);
        if (inserted)
        {
            LogPublished(segment.Identifier, Table.Name);
        }
        else
        {
            LogAlreadyPublished(segment.Identifier, Table.Name);
        }

        return inserted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await Table.GetUsedAsync(connection, dataSource, null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DataSegment>> GetUsedSegmentsAsync(string dataSource, Interval interval, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await Table.GetUsedAsync(connection, dataSource, interval, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DataSegment>> GetAllUsedSegmentsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await Table.GetAllUsedAsync(connection, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PublishedSegment?> GetSegmentAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await Table.GetAsync(connection, id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> MarkUnusedAsync(string segmentId, CancellationToken cancellationToken) => SetUsedAsync(segmentId, false, cancellationToken);

    /// <inheritdoc />
    public Task<bool> MarkUsedAsync(string segmentId, CancellationToken cancellationToken) => SetUsedAsync(segmentId, true, cancellationToken);

    /// <summary>Closes the store's pooled connections.</summary>
    public void Dispose()
    {
        CloseConnections();
        _initializing.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a connection with the store's session settings.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Opens the connection that creates the table; a store that prepares the database first overrides it.</summary>
    private protected virtual Task<DbConnection> OpenForInitializeAsync(CancellationToken cancellationToken) => OpenConnectionAsync(cancellationToken);

    /// <summary>The error to report when initializing failed with <paramref name="exception"/>, or null to let it pass unchanged.</summary>
    private protected abstract MetadataStoreException? DescribeFailure(Exception exception);

    /// <summary>Releases the pooled connections.</summary>
    private protected abstract void CloseConnections();

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task<bool> SetUsedAsync(string segmentId, bool used, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var changed = await Table.SetUsedAsync(connection, segmentId, used, _timeProvider.GetUtcNow(), cancellationToken);
        if (changed)
        {
            LogUsedChanged(segmentId, Table.Name, used);
        }

        return changed;
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Segments table {Table} ready in {Database}")]
    private partial void LogReady(string table, string database);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Published segment {SegmentId} in {Table}")]
    private partial void LogPublished(string segmentId, string table);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Segment {SegmentId} was already published in {Table}; its row is kept")]
    private partial void LogAlreadyPublished(string segmentId, string table);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Segment {SegmentId} in {Table} marked used = {Used}")]
    private partial void LogUsedChanged(string segmentId, string table, bool used);
}
