namespace Realtime.Core.Sql.Http;

/// <summary>How <c>POST /druid/v2/sql</c> writes rows: Druid's <c>resultFormat</c>.</summary>
public enum SqlResultFormat
{
    /// <summary><c>object</c>: a JSON array of objects keyed by column name (the default).</summary>
    Object,

    /// <summary><c>array</c>: a JSON array of arrays of values.</summary>
    Array,

    /// <summary><c>objectLines</c>: one JSON object per line.</summary>
    ObjectLines,

    /// <summary><c>arrayLines</c>: one JSON array per line.</summary>
    ArrayLines,

    /// <summary><c>csv</c>: comma-separated values, quoted as RFC 4180 does.</summary>
    Csv,
}

/// <summary>The layout of a SQL response: its format and which header rows come first.</summary>
/// <param name="Format">The result format.</param>
/// <param name="Header">Whether a header row of column names comes first.</param>
/// <param name="TypesHeader">Whether the header gives each column's Druid type (<c>STRING</c>, <c>LONG</c>, …); needs <paramref name="Header"/>.</param>
/// <param name="SqlTypesHeader">Whether the header gives each column's SQL type (<c>VARCHAR</c>, <c>BIGINT</c>, …); needs <paramref name="Header"/>.</param>
public sealed record SqlResultLayout(SqlResultFormat Format, bool Header = false, bool TypesHeader = false, bool SqlTypesHeader = false)
{
    /// <summary>The layout of a request that names none: <c>object</c> without a header.</summary>
    public static SqlResultLayout Default { get; } = new(SqlResultFormat.Object);

    /// <summary>The response's content type: <c>application/json</c>, <c>text/plain</c> for the lines formats, <c>text/csv</c>.</summary>
    public string ContentType => Format switch
    {
        SqlResultFormat.Object or SqlResultFormat.Array => "application/json",
        SqlResultFormat.Csv => "text/csv",
        _ => "text/plain",
    };

    /// <summary>The format named by <paramref name="name"/>, ignoring case, or null when it names none.</summary>
    public static SqlResultFormat? ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "object" => SqlResultFormat.Object,
        "array" => SqlResultFormat.Array,
        "objectlines" => SqlResultFormat.ObjectLines,
        "arraylines" => SqlResultFormat.ArrayLines,
        "csv" => SqlResultFormat.Csv,
        _ => null,
    };
}
