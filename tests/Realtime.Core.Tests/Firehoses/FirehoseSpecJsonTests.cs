using Realtime.Abstractions.Firehose;
using Realtime.Core.Components;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

/// <summary>The built-in firehoses read from spec JSON under Druid's type and property names.</summary>
public sealed class FirehoseSpecJsonTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);

    [Test]
    public void Druid_docs_local_firehose_reads()
    {
        var firehose = Read<LocalFirehoseFactory>("""{ "type": "local", "filter": "*.csv", "baseDir": "/data/directory" }""");

        Assert.That((firehose.BaseDir, firehose.Filter), Is.EqualTo(("/data/directory", "*.csv")));
    }

    [Test]
    public void Nested_delegates_read_polymorphically()
    {
        var timed = Read<TimedShutoffFirehoseFactory>("""
            {
              "type": "timed",
              "shutoffTime": "2015-08-25T01:26:05.119Z",
              "delegate": {
                "type": "combining",
                "delegates": [
                  { "type": "clipped", "interval": "2013-01-01/2013-01-02", "delegate": { "type": "inline", "data": "a\nb" } },
                  { "type": "fixedCount", "count": 10, "delegate": { "type": "local", "baseDir": "/tmp", "filter": "*" } }
                ]
              }
            }
            """);

        var combining = (CombiningFirehoseFactory)timed.Delegate;
        var clipped = (ClippedFirehoseFactory)combining.Delegates[0];
        var fixedCount = (FixedCountFirehoseFactory)combining.Delegates[1];
        Assert.That(timed.ShutoffTime, Is.EqualTo("2015-08-25T01:26:05.119Z"));
        Assert.That(clipped.Interval, Is.EqualTo("2013-01-01/2013-01-02"));
        Assert.That(clipped.Delegate, Is.InstanceOf<InlineFirehoseFactory>());
        Assert.That(fixedCount.Count, Is.EqualTo(10));
        Assert.That(fixedCount.Delegate, Is.InstanceOf<LocalFirehoseFactory>());
    }

    [Test]
    public void An_invalid_value_is_reported_at_its_path()
    {
        var e = Assert.Throws<SpecException>(() => SpecJson.Deserialize<IFirehoseFactory>(
            """{ "type": "combining", "delegates": [ { "type": "clipped", "interval": "yesterday", "delegate": { "type": "inline", "data": "" } } ] }""",
            Options))!;

        Assert.That(e.Message, Does.Contain("interval").And.Contain("yesterday").And.Contain("$.delegates[0]"));
    }

    [Test]
    public void A_missing_required_property_is_named()
    {
        var e = Assert.Throws<SpecException>(() => SpecJson.Deserialize<IFirehoseFactory>("""{ "type": "local", "baseDir": "/data" }""", Options))!;

        Assert.That(e.Message, Does.Contain("filter"));
    }

    private static T Read<T>(string json) => (T)SpecJson.Deserialize<IFirehoseFactory>(json, Options);
}
