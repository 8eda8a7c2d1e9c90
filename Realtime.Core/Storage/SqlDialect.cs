namespace Realtime.Core.Storage;

/// <summary>What a database adds to the SQL that <see cref="SegmentsTable"/> shares: Druid's <c>SQLMetadataConnector</c> placeholders and checks.</summary>
/// <param name="PayloadType">The binary column type of the JSON payload (<c>BLOB</c>, <c>BYTEA</c>).</param>
/// <param name="TableExistsQuery">A query of one boolean-like value: whether the table named by the parameter <c>@name</c> exists.</param>
/// <param name="SchemaLockStatement">
/// Run first in the table-creating transaction, with <c>@name</c>, to keep stores of several processes from creating
/// the table at once; null when the database serializes that itself.
/// </param>
internal sealed record SqlDialect(string PayloadType, string TableExistsQuery, string? SchemaLockStatement = null);
