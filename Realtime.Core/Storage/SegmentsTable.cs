using System.Data.Common;
using System.Text.Json;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;
using static Realtime.Core.Storage.SqlCommands;

namespace Realtime.Core.Storage;

/// <summary>
/// The SQL of Druid's segments table that SQLite and PostgreSQL share. A store adds its <see cref="SqlDialect"/>
/// and how it connects.
/// </summary>
/// <remarks>
/// Intervals are compared as ISO-8601 text, as Druid does, which orders instants correctly for years 1000 to 9999.
/// </remarks>
internal sealed class SegmentsTable(string name, SqlDialect dialect)
{
    /// <summary>Druid 28's column (<c>alterSegmentTable</c>): when <c>used</c> last changed, ISO-8601 UTC; nullable.</summary>
    public const string UsedStatusLastUpdated = "used_status_last_updated";

    private const string Columns = $"""id, dataSource, created_date, start, "end", partitioned, version, used, payload, {UsedStatusLastUpdated}""";

    /// <summary>The table's name.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// Creates the table and its indexes unless the table exists, then adds <see cref="UsedStatusLastUpdated"/> to a
    /// table that lacks it, as Druid's connector does; one transaction.
    /// </summary>
    /// <remarks>An existing table is left alone otherwise, so a role that may only read and write it suffices.</remarks>
    /// <returns>True when the table was created.</returns>
    public async Task<bool> CreateAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, dialect, Name, cancellationToken);
        var created = !await TableExistsAsync(connection, transaction, dialect, Name, cancellationToken);
        if (created)
        {
            foreach (var sql in CreateStatements())
            {
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
            }
        }
        else if (!await HasColumnAsync(connection, transaction, UsedStatusLastUpdated, cancellationToken))
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {Name} ADD COLUMN {UsedStatusLastUpdated} VARCHAR(255)", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>Inserts a used row for the segment unless its id is present; true when a row was inserted.</summary>
    public async Task<bool> InsertIfAbsentAsync(DbConnection connection, DataSegment segment, DateTimeOffset createdDate, CancellationToken cancellationToken)
    {
        var interval = segment.Id.Interval;
        var created = DateTimes.Format(createdDate.ToUnixTimeMilliseconds());
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {Name} ({Columns})
            VALUES (@id, @dataSource, @created_date, @start, @end, @partitioned, @version, @used, @payload, @created_date)
            ON CONFLICT (id) DO NOTHING
            """;
        Add(command, "id", segment.Identifier);
        Add(command, "dataSource", segment.DataSource);
        Add(command, "created_date", created);
        Add(command, "start", DateTimes.Format(interval.StartMillis));
        Add(command, "end", DateTimes.Format(interval.EndMillis));
        Add(command, "partitioned", IsPartitioned(segment.ShardSpec));
        Add(command, "version", segment.Version);
        Add(command, "used", true);
        Add(command, "payload", DataSegmentJson.Serialize(segment));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>The used segments of a data source, optionally only those overlapping <paramref name="interval"/>.</summary>
    public async Task<IReadOnlyList<DataSegment>> GetUsedAsync(DbConnection connection, string dataSource, Interval? interval, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var overlap = interval is null ? "" : """ AND start < @end AND "end" > @start""";
        command.CommandText = $"SELECT id, payload FROM {Name} WHERE dataSource = @dataSource AND used = @used{overlap} ORDER BY start, version, id";
        Add(command, "dataSource", dataSource);
        Add(command, "used", true);
        if (interval is { } overlapping)
        {
            Add(command, "start", DateTimes.Format(overlapping.StartMillis));
            Add(command, "end", DateTimes.Format(overlapping.EndMillis));
        }

        var segments = await ReadSegmentsAsync(command, cancellationToken);
        return interval is { } bounds ? segments.Where(s => s.Id.Interval.Overlaps(bounds)).ToList() : segments;
    }

    /// <summary>The used segments of every data source, ordered by data source, start, version and id.</summary>
    public async Task<IReadOnlyList<DataSegment>> GetAllUsedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, payload FROM {Name} WHERE used = @used ORDER BY dataSource, start, version, id";
        Add(command, "used", true);
        return await ReadSegmentsAsync(command, cancellationToken);
    }

    /// <summary>The row for a segment id, or null.</summary>
    public async Task<PublishedSegment?> GetAsync(DbConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT used, created_date, payload FROM {Name} WHERE id = @id";
        Add(command, "id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var created = DateTimes.TryParseIso(reader.GetString(1), out var millis) ? DateTimeOffset.FromUnixTimeMilliseconds(millis) : DateTimeOffset.MinValue;
        return new PublishedSegment(ReadPayload(id, reader.GetFieldValue<byte[]>(2)), reader.GetBoolean(0), created);
    }

    /// <summary>Sets a row's <c>used</c> flag and <see cref="UsedStatusLastUpdated"/>; true when the flag changed.</summary>
    public async Task<bool> SetUsedAsync(DbConnection connection, string id, bool used, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE {Name} SET used = @used, {UsedStatusLastUpdated} = @updated WHERE id = @id AND used <> @used";
        Add(command, "used", used);
        Add(command, "updated", DateTimes.Format(now.ToUnixTimeMilliseconds()));
        Add(command, "id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private string[] CreateStatements() =>
    [
        $"""
         CREATE TABLE {Name} (
           id VARCHAR(255) NOT NULL,
           dataSource VARCHAR(255) NOT NULL,
           created_date VARCHAR(255) NOT NULL,
           start VARCHAR(255) NOT NULL,
           "end" VARCHAR(255) NOT NULL,
           partitioned BOOLEAN NOT NULL,
           version VARCHAR(255) NOT NULL,
           used BOOLEAN NOT NULL,
           payload {dialect.PayloadType} NOT NULL,
           {UsedStatusLastUpdated} VARCHAR(255),
           PRIMARY KEY (id)
         )
         """,
        $"CREATE INDEX idx_{Name}_used ON {Name}(used)",
        $"""CREATE INDEX idx_{Name}_datasource_used_end_start ON {Name}(dataSource, used, "end", start)""",
    ];

    private async Task<bool> HasColumnAsync(DbConnection connection, DbTransaction transaction, string column, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT * FROM {Name} WHERE 1 = 0");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return Enumerable.Range(0, reader.FieldCount).Any(i => string.Equals(reader.GetName(i), column, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<DataSegment>> ReadSegmentsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var segments = new List<DataSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            segments.Add(ReadPayload(reader.GetString(0), reader.GetFieldValue<byte[]>(1)));
        }

        return segments;
    }

    private DataSegment ReadPayload(string id, byte[] payload)
    {
        try
        {
            return DataSegmentJson.Deserialize(payload);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new InvalidDataException($"The payload of segment {id} in table {Name} is not segment JSON: {e.Message}", e);
        }
    }

    // Druid marks every segment partitioned except those with the "none" shard spec.
    private static bool IsPartitioned(JsonElement? shardSpec) =>
        shardSpec is { ValueKind: JsonValueKind.Object } spec
        && !(spec.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "none");
}
