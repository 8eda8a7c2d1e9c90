using System.Text.Json.Nodes;
using Realtime.Core.Components;
using Realtime.Core.Spec;

namespace Realtime.Core.Tests.Spec;

public sealed class FireDepartmentTests
{
    private static readonly SpecSerializer Serializer = new(ComponentRegistry.BuiltIn);

    private const string Written = """
        { "dataSchema": { "dataSource": "pages", "parser": { "type": "string", "parseSpec": { "format": "json", "dimensionsSpec": { "dimensions": ["page"] } } },
            "metricsSpec": [ { "type": "count", "name": "count" } ], "granularitySpec": { "segmentGranularity": "day" } },
          "ioConfig": { "type": "realtime", "firehose": { "type": "inline", "data": "" } },
          "tuningConfig": { "type": "realtime", "maxRowsInMemory": 500, "rejectionPolicy": { "type": "none" } } }
        """;

    [Test]
    public void The_effective_spec_fills_in_the_defaults_and_keeps_what_the_spec_says()
    {
        var spec = Serializer.Deserialize<FireDepartment>(Written).ToEffectiveJson(Serializer);
        var tuning = spec["tuningConfig"]!;

        Assert.Multiple(() =>
        {
            Assert.That(tuning["maxRowsInMemory"]!.GetValue<int>(), Is.EqualTo(500));
            Assert.That(tuning["rejectionPolicy"]!["type"]!.GetValue<string>(), Is.EqualTo("none"));
            Assert.That(tuning["versioningPolicy"]!["type"]!.GetValue<string>(), Is.EqualTo("intervalStart"));
            Assert.That(tuning["shardSpec"]!["type"]!.GetValue<string>(), Is.EqualTo("none"));
            Assert.That(tuning["windowPeriod"]!.GetValue<string>(), Is.EqualTo("PT10M"));
            Assert.That(spec["ioConfig"]!["plumber"]!["type"]!.GetValue<string>(), Is.EqualTo("realtime"));
            Assert.That(spec["dataSchema"]!["granularitySpec"]!["queryGranularity"], Is.Not.Null);
            Assert.That(((JsonObject)spec["dataSchema"]!).Select(p => p.Key), Has.None.EqualTo("explicitDimensions").And.None.EqualTo("implicitExclusions"));
            Assert.That(spec.Select(p => p.Key), Is.EqualTo(new[] { "dataSchema", "ioConfig", "tuningConfig" }));
        });
    }

    [Test]
    public void The_effective_spec_reads_back_as_the_same_spec()
    {
        var effective = Serializer.Deserialize<FireDepartment>(Written).ToEffectiveJson(Serializer);

        var again = Serializer.Deserialize<FireDepartment>(effective.ToJsonString()).ToEffectiveJson(Serializer);

        Assert.That(JsonNode.DeepEquals(again, effective), Is.True, again.ToJsonString());
    }

    [Test]
    public void A_server_time_rejection_policy_is_named_when_the_spec_leaves_it_out()
    {
        var spec = Serializer.Deserialize<FireDepartment>(Written.Replace(""", "rejectionPolicy": { "type": "none" }""", "", StringComparison.Ordinal));

        Assert.That(spec.ToEffectiveJson(Serializer)["tuningConfig"]!["rejectionPolicy"]!["type"]!.GetValue<string>(), Is.EqualTo("serverTime"));
    }
}
