using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.Core.Components;

namespace Realtime.Core.Query.Model;

/// <summary>
/// A query's <c>dataSource</c>: a table name (<c>"wikipedia"</c> or <c>{"type":"table","name":…}</c>) or a
/// <c>union</c> of tables. Query and lookup data sources are refused.
/// </summary>
[JsonConverter(typeof(DataSourceJsonConverter))]
public sealed class DataSource(IReadOnlyList<string> tables)
{
    /// <summary>The table names read.</summary>
    public IReadOnlyList<string> Tables { get; } = tables;

    /// <inheritdoc />
    public override string ToString() => string.Join(",", Tables);

    private sealed class DataSourceJsonConverter : JsonConverter<DataSource>
    {
        public override DataSource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return new DataSource([Name(reader.GetString())]);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"dataSource must be a table name or an object; found {JsonTokens.Describe(reader.TokenType)}.");
            }

            using var document = JsonDocument.ParseValue(ref reader);
            var json = document.RootElement;
            var type = json.TryGetProperty("type", out var t) ? t.GetString() : "table";
            return type switch
            {
                "table" => new DataSource([Name(json.TryGetProperty("name", out var n) ? n.GetString() : null)]),
                "union" when json.TryGetProperty("dataSources", out var list) && list.ValueKind == JsonValueKind.Array =>
                    new DataSource(list.EnumerateArray().Select(e => Name(e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var en) ? en.GetString() : e.GetString())).ToArray()),
                "union" => throw new JsonException("A union dataSource needs a dataSources array."),
                _ => throw new JsonException($"dataSource type '{type}' is not supported; use a table name or a union of tables."),
            };
        }

        public override void Write(Utf8JsonWriter writer, DataSource value, JsonSerializerOptions options)
        {
            if (value.Tables.Count == 1)
            {
                writer.WriteStringValue(value.Tables[0]);
                return;
            }

            writer.WriteStartObject();
            writer.WriteString("type", "union");
            writer.WriteStartArray("dataSources");
            foreach (var table in value.Tables)
            {
                writer.WriteStringValue(table);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static string Name(string? name) =>
            string.IsNullOrWhiteSpace(name) ? throw new JsonException("dataSource needs a table name.") : name;
    }
}
