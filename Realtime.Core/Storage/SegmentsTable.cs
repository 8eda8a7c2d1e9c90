using System.Data.Common;
using System.Text.Json;
using Realtime.Abstractions.Storage;
using Realtime.Abstractions.Time;

namespace Realtime.Core.Storage;

/// <summary>
/// The SQL of Druid's segments table that SQLite and PostgreSQL share. A store adds its dialect: how to connect,
/// session settings, and the column type of the JSON payload.
/// </summary>
/// <remarks>
/// Intervals are compared as ISO-8601 text, as Druid does, which orders instants correctly for years 1000 to 9999.
/// </remarks>
internal sealed class SegmentsTable(string name)
{
    private const string Columns = """id, dataSource, created_date, start, "end", partitioned, version, used, payload""";

    /// <summary>The table's name.</summary>
    public string Name { get; } = name;

    /// <summary>Creates the table and its indexes unless they exist.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="payloadType">The dialect's binary column type (<c>BLOB</c>, <c>BYTEA</c>).</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public async Task CreateAsync(DbConnection connection, string payloadType, CancellationToken cancellationToken)
    {
        string[] statements =
        [
            $"""
             CREATE TABLE IF NOT EXISTS {Name} (
               id VARCHAR(255) NOT NULL,
               dataSource VARCHAR(255) NOT NULL,
               created_date VARCHAR(255) NOT NULL,
               start VARCHAR(255) NOT NULL,
               "end" VARCHAR(255) NOT NULL,
               partitioned BOOLEAN NOT NULL,
               version VARCHAR(255) NOT NULL,
               used BOOLEAN NOT NULL,
               payload {payloadType} NOT NULL,
               PRIMARY KEY (id)
             )
             """,
            $"CREATE INDEX IF NOT EXISTS idx_{Name}_used ON {Name}(used)",
            $"""CREATE INDEX IF NOT EXISTS idx_{Name}_datasource_used_end_start ON {Name}(dataSource, used, "end", start)""",
        ];

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Inserts a used row for the segment unless its id is present; true when a row was inserted.</summary>
    public async Task<bool> InsertIfAbsentAsync(DbConnection connection, DataSegment segment, DateTimeOffset createdDate, CancellationToken cancellationToken)
    {
        var interval = segment.Id.Interval;
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO {Name} ({Columns})
            VALUES (@id, @dataSource, @created_date, @start, @end, @partitioned, @version, @used, @payload)
            ON CONFLICT (id) DO NOTHING
            """;
        Add(command, "id", segment.Identifier);
        Add(command, "dataSource", segment.DataSource);
        Add(command, "created_date", DateTimes.Format(createdDate.ToUnixTimeMilliseconds()));
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

        var segments = new List<DataSegment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var segment = ReadPayload(reader.GetString(0), reader.GetFieldValue<byte[]>(1));
            if (interval is not { } bounds || segment.Id.Interval.Overlaps(bounds))
            {
                segments.Add(segment);
            }
        }

        return segments;
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

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
