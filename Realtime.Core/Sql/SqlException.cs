using Realtime.Core.Query;
using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql;

/// <summary>
/// A SQL statement that cannot be run as written: a syntax error, an unknown table, column or function, a type
/// error, or parameters that do not match. Answered 400 in Druid's shape; the message names what was wrong and
/// where (line and column).
/// </summary>
public sealed class SqlPlanningException : QueryException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">Druid's error code: <c>SQL parse failed</c> or <c>Plan validation failed</c>.</param>
    /// <param name="message">What was wrong, without the position.</param>
    /// <param name="position">Where, or null when the problem has no place in the text.</param>
    public SqlPlanningException(string error, string message, SqlPosition? position)
        : base(error, position is { } p ? $"{message} (at {p})" : message, 400) => Position = position;

    /// <summary>Where the problem is, or null.</summary>
    public SqlPosition? Position { get; }

    /// <summary>A syntax error at <paramref name="position"/>.</summary>
    public static SqlPlanningException Syntax(string message, SqlPosition position) => new(ParseFailed, message, position);

    /// <summary>A statement that parses but is invalid (names, types, parameters).</summary>
    public static SqlPlanningException Validation(string message, SqlPosition? position) => new(ValidationFailed, message, position);

    /// <summary>The error code of syntax errors.</summary>
    public const string ParseFailed = "SQL parse failed";

    /// <summary>The error code of invalid statements.</summary>
    public const string ValidationFailed = "Plan validation failed";
}
