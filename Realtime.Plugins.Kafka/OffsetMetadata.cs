using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka;

/// <summary>
/// The commit metadata a Kafka firehose stores with each persist: <c>{"offsets": {"topic": {"0": next, …}}}</c>, the next
/// offset to read in each partition, as Kafka commits them.
/// </summary>
internal static class OffsetMetadata
{
    private const string OffsetsProperty = "offsets";

    /// <summary>The metadata for <paramref name="positions"/>, topics and partitions in order.</summary>
    public static JsonElement Write(IEnumerable<CursorPosition> positions)
    {
        var topics = new JsonObject();
        foreach (var topic in positions.GroupBy(p => p.Cursor.Partition.Topic).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var partitions = new JsonObject();
            foreach (var position in topic.OrderBy(p => p.Cursor.Partition.Partition.Value))
            {
                partitions[position.Cursor.Partition.Partition.Value.ToString(CultureInfo.InvariantCulture)] = position.Next;
            }

            topics[topic.Key] = partitions;
        }

        return JsonSerializer.SerializeToElement(new JsonObject { [OffsetsProperty] = topics });
    }

    /// <summary>Reads the offsets from metadata this firehose wrote.</summary>
    /// <returns>False when the metadata has another shape (another firehose wrote it).</returns>
    public static bool TryRead(JsonElement metadata, out Dictionary<TopicPartition, long> offsets)
    {
        offsets = [];
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(OffsetsProperty, out var topics)
            || topics.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var topic in topics.EnumerateObject())
        {
            if (topic.Value.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var partition in topic.Value.EnumerateObject())
            {
                if (!int.TryParse(partition.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || partition.Value.ValueKind != JsonValueKind.Number || !partition.Value.TryGetInt64(out var next) || next < 0)
                {
                    return false;
                }

                offsets[new TopicPartition(topic.Name, number)] = next;
            }
        }

        return true;
    }
}
