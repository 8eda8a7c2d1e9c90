namespace Realtime.Core.Sql;

/// <summary>The type of a SQL value or result column, as Druid SQL types them.</summary>
/// <remarks>
/// Values travel as .NET objects: null; <see cref="Varchar"/> as <see cref="string"/> (a multi-value string column
/// as <c>string?[]</c>); <see cref="Bigint"/> as <see cref="long"/>; <see cref="Double"/> and <see cref="Float"/> as
/// <see cref="double"/>; <see cref="Boolean"/> as <see cref="bool"/>; <see cref="Timestamp"/> and <see cref="Date"/>
/// as <see cref="long"/> epoch milliseconds (UTC); <see cref="Array"/> as <c>object?[]</c>; <see cref="Other"/>
/// (complex metrics such as <c>hyperUnique</c>) as an opaque object.
/// </remarks>
public enum SqlColumnType
{
    /// <summary>Text; Druid <c>STRING</c>.</summary>
    Varchar,

    /// <summary>64-bit integer; Druid <c>LONG</c>.</summary>
    Bigint,

    /// <summary>64-bit floating point; Druid <c>DOUBLE</c>.</summary>
    Double,

    /// <summary>32-bit floating point; Druid <c>FLOAT</c>.</summary>
    Float,

    /// <summary>True or false; Druid <c>LONG</c> (1 or 0).</summary>
    Boolean,

    /// <summary>An instant in milliseconds; Druid <c>LONG</c>.</summary>
    Timestamp,

    /// <summary>A day (midnight of it); Druid <c>LONG</c>.</summary>
    Date,

    /// <summary>An array (for example <c>MV_TO_ARRAY</c>); Druid <c>ARRAY&lt;STRING&gt;</c>.</summary>
    Array,

    /// <summary>A complex value, such as a <c>hyperUnique</c> sketch; Druid <c>COMPLEX</c>.</summary>
    Other,
}

/// <summary>The names Druid gives each <see cref="SqlColumnType"/>.</summary>
public static class SqlColumnTypes
{
    /// <summary>The SQL type name, as in <c>INFORMATION_SCHEMA.COLUMNS.DATA_TYPE</c> and the <c>sqlTypesHeader</c>.</summary>
    public static string SqlName(this SqlColumnType type) => type switch
    {
        SqlColumnType.Varchar => "VARCHAR",
        SqlColumnType.Bigint => "BIGINT",
        SqlColumnType.Double => "DOUBLE",
        SqlColumnType.Float => "FLOAT",
        SqlColumnType.Boolean => "BOOLEAN",
        SqlColumnType.Timestamp => "TIMESTAMP",
        SqlColumnType.Date => "DATE",
        SqlColumnType.Array => "ARRAY",
        _ => "OTHER",
    };

    /// <summary>The native Druid type, as in the <c>typesHeader</c>.</summary>
    public static string DruidName(this SqlColumnType type) => type switch
    {
        SqlColumnType.Varchar => "STRING",
        SqlColumnType.Double => "DOUBLE",
        SqlColumnType.Float => "FLOAT",
        SqlColumnType.Bigint or SqlColumnType.Boolean or SqlColumnType.Timestamp or SqlColumnType.Date => "LONG",
        SqlColumnType.Array => "ARRAY<STRING>",
        _ => "COMPLEX",
    };

    /// <summary>The <c>java.sql.Types</c> code, as in <c>INFORMATION_SCHEMA.COLUMNS.JDBC_TYPE</c>.</summary>
    public static int JdbcType(this SqlColumnType type) => type switch
    {
        SqlColumnType.Varchar => 12,
        SqlColumnType.Bigint => -5,
        SqlColumnType.Double => 8,
        SqlColumnType.Float => 6,
        SqlColumnType.Boolean => 16,
        SqlColumnType.Timestamp => 93,
        SqlColumnType.Date => 91,
        SqlColumnType.Array => 2003,
        _ => 1111,
    };

    /// <summary>Whether values of the type are numbers (booleans count, as 1 and 0).</summary>
    public static bool IsNumeric(this SqlColumnType type) =>
        type is SqlColumnType.Bigint or SqlColumnType.Double or SqlColumnType.Float or SqlColumnType.Boolean;
}
