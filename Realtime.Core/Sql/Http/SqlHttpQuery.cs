using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Query;

namespace Realtime.Core.Sql.Http;

/// <summary>
/// A <c>POST /druid/v2/sql</c> request as read from its body: the statement, its parameters and context, and how to
/// write the result.
/// </summary>
/// <param name="Query">The SQL text.</param>
/// <param name="Parameters">The values of its <c>?</c> parameters, or null when none were given.</param>
/// <param name="Context">The query context, or null when none was given.</param>
/// <param name="Layout">The result format and header rows.</param>
public sealed record SqlHttpQuery(string Query, IReadOnlyList<SqlParameterValue>? Parameters, JsonObject? Context, SqlResultLayout Layout)
{
    /// <summary>
    /// Reads a request body: JSON <c>{query, resultFormat, header, typesHeader, sqlTypesHeader, context, parameters}</c>
    /// when <paramref name="contentType"/> is JSON; any other body (<c>text/plain</c>, a form post, none) is the SQL
    /// itself, answered in the <c>object</c> format, as Druid does.
    /// </summary>
    /// <exception cref="InvalidQueryException">The JSON is malformed or a field is missing or wrong; the message names the field.</exception>
    public static SqlHttpQuery Parse(string body, string? contentType) =>
        IsJson(contentType) ? ParseJson(body) : new SqlHttpQuery(body.Trim(), null, null, SqlResultLayout.Default);

    private static bool IsJson(string? contentType) =>
        contentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static SqlHttpQuery ParseJson(string body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new InvalidQueryException($"The request body is not valid JSON: {e.Message}", e.Path, e);
        }

        if (root is not JsonObject request)
        {
            throw new InvalidQueryException("The request body must be a JSON object: {\"query\": \"SELECT ...\"}.", "$");
        }

        var query = request["query"] is JsonValue text && text.TryGetValue<string>(out var sql) && !string.IsNullOrWhiteSpace(sql)
            ? sql
            : throw new InvalidQueryException("Field 'query' is required: the SQL statement to run, as a string.", "$.query");
        var format = SqlResultFormat.Object;
        if (request["resultFormat"] is { } formatNode)
        {
            format = formatNode is JsonValue formatValue && formatValue.TryGetValue<string>(out var name) && SqlResultLayout.ParseFormat(name) is { } parsed
                ? parsed
                : throw new InvalidQueryException(
                    $"Field 'resultFormat' is {formatNode.ToJsonString()}; use one of \"object\", \"array\", \"objectLines\", \"arrayLines\" or \"csv\".", "$.resultFormat");
        }

        var header = Flag(request, "header");
        var typesHeader = Flag(request, "typesHeader");
        var sqlTypesHeader = Flag(request, "sqlTypesHeader");
        if ((typesHeader || sqlTypesHeader) && !header)
        {
            throw new InvalidQueryException(
                $"Field '{(typesHeader ? "typesHeader" : "sqlTypesHeader")}' needs 'header': true, since types are written in the header.", typesHeader ? "$.typesHeader" : "$.sqlTypesHeader");
        }

        var context = request["context"] switch
        {
            null => null,
            JsonObject given => (JsonObject)given.DeepClone(),
            var other => throw new InvalidQueryException($"Field 'context' must be a JSON object, not {other.ToJsonString()}.", "$.context"),
        };
        return new SqlHttpQuery(query, ReadParameters(request["parameters"]), context, new SqlResultLayout(format, header, typesHeader, sqlTypesHeader));
    }

    private static bool Flag(JsonObject request, string field) => request[field] switch
    {
        null => false,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        var other => throw new InvalidQueryException($"Field '{field}' must be true or false, not {other.ToJsonString()}.", "$." + field),
    };

    private static List<SqlParameterValue>? ReadParameters(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            throw new InvalidQueryException("Field 'parameters' must be an array of {\"type\": \"VARCHAR\", \"value\": ...} objects.", "$.parameters");
        }

        var parameters = new List<SqlParameterValue>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject parameter
                || parameter["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || type.Length == 0)
            {
                throw new InvalidQueryException(
                    $"Field 'parameters[{i}]' must be an object with a SQL type name and a value, such as {{\"type\": \"VARCHAR\", \"value\": \"foo\"}}.", $"$.parameters[{i}]");
            }

            parameters.Add(new SqlParameterValue(type, parameter["value"]?.DeepClone()));
        }

        return parameters;
    }
}
