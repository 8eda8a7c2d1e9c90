using System.Text.Json;
using System.Text.Json.Nodes;
using Realtime.Core.Query.Engine;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query.Merging;

/// <summary>Merges <c>search</c>: hit counts summed per bucket, dimension and value, then sorted and limited per bucket.</summary>
internal sealed class SearchMerger(SearchQuery query) : QueryMerger
{
    /// <inheritdoc />
    public override void PrepareDownstream(JsonObject downstream) => downstream["limit"] = int.MaxValue;

    /// <inheritdoc />
    public override JsonArray Merge(IReadOnlyList<JsonElement> partials, MergeScope scope)
    {
        var counts = new Dictionary<(long Bucket, string Dimension, string Value), long>();
        foreach (var bucket in Rows(partials))
        {
            var start = Bucket(query.Granularity, bucket);
            foreach (var hit in bucket.GetProperty("result").EnumerateArray())
            {
                var key = (start, hit.GetProperty("dimension").GetString() ?? "", hit.GetProperty("value").GetString() ?? "");
                counts[key] = counts.GetValueOrDefault(key) + hit.GetProperty("count").GetInt64();
            }
        }

        return SearchRunner.Finish(query, counts, scope.Covered);
    }
}
