namespace Realtime.Core.Sql.Functions;

/// <summary>Per-statement evaluation settings.</summary>
/// <param name="TimeZone">The <c>sqlTimeZone</c>: the zone of time functions without their own, of timestamp literals and of casts.</param>
/// <param name="NowMillis">The instant of <c>CURRENT_TIMESTAMP</c>, fixed for the whole statement.</param>
internal sealed record SqlEvalContext(TimeZoneInfo TimeZone, long NowMillis);
