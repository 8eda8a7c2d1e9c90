namespace Realtime.Core.Parsing;

/// <summary>
/// The <c>timeAndDims</c> format: only the timestamp and dimensions, for events that arrive as maps. Messages
/// of bytes are read as one JSON object each.
/// </summary>
public sealed class TimeAndDimsParseSpec : ParseSpec
{
}
