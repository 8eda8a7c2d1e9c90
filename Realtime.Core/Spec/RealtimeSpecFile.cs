using System.Text.Json;
using Realtime.Core.Components;

namespace Realtime.Core.Spec;

/// <summary>
/// Reads a realtime spec file: Druid's JSON array of fire departments. A single fire department object and
/// Druid's <c>index_realtime</c> task (<c>{"type":"index_realtime","spec":{…}}</c>) are accepted too.
/// </summary>
public static class RealtimeSpecFile
{
    /// <summary>Reads and validates the spec file at <paramref name="path"/>.</summary>
    /// <exception cref="SpecException">The file is missing, malformed or invalid; the message names the file and JSON path.</exception>
    public static IReadOnlyList<FireDepartment> Read(string path, SpecSerializer serializer)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SpecException(path, null, $"cannot read the spec file: {e.Message}", inner: e);
        }

        return Parse(json, serializer, path);
    }

    /// <summary>Reads and validates spec JSON.</summary>
    /// <exception cref="SpecException">The JSON is malformed or invalid; the message names the JSON path.</exception>
    public static IReadOnlyList<FireDepartment> Parse(string json, SpecSerializer serializer, string source = "spec")
    {
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(json, serializer.Options);
        }
        catch (JsonException e)
        {
            throw SpecJson.ToSpecException(e, source);
        }

        var (elements, prefix) = root.ValueKind switch
        {
            JsonValueKind.Array => (root.EnumerateArray().ToArray(), "$"),
            JsonValueKind.Object when root.TryGetProperty("spec", out var task) => ([task], "$.spec"),
            JsonValueKind.Object => ([root], "$"),
            _ => throw new SpecException(source, "$", "A realtime spec is a JSON array of {dataSchema, ioConfig, tuningConfig} objects."),
        };

        var departments = new List<FireDepartment>();
        for (var i = 0; i < elements.Length; i++)
        {
            var path = root.ValueKind == JsonValueKind.Array ? $"{prefix}[{i}]" : prefix;
            FireDepartment department;
            try
            {
                department = elements[i].Deserialize<FireDepartment>(serializer.Options)
                    ?? throw new SpecException(source, path, "The fire department is null.");
                department.Validate();
            }
            catch (JsonException e)
            {
                var error = SpecJson.ToSpecException(e, source);
                throw new SpecException(source, path + error.JsonPath?.TrimStart('$'), error.Problem, inner: e);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
            {
                throw new SpecException(source, path, e.Message, inner: e);
            }

            var twin = departments.FindIndex(d => d.DataSchema.DataSource == department.DataSchema.DataSource && d.PartitionNum == department.PartitionNum);
            if (twin >= 0)
            {
                throw new SpecException(source, path,
                    $"Pipelines {twin} and {i} both write data source '{department.DataSchema.DataSource}' partition {department.PartitionNum}; give them different tuningConfig.shardSpec.partitionNum values.");
            }

            departments.Add(department);
        }

        return departments;
    }
}
