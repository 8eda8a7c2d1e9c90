using Realtime.Abstractions.Plumbing;
using Realtime.Core.Aggregation;
using Realtime.Core.Parsing;
using Realtime.Core.Spec;
using Realtime.Core.Time;

namespace Realtime.Samples.EmbeddedHost;

/// <summary>The page-views pipeline, built in code: the same fire department a spec file describes in JSON.</summary>
public static class PageViewPipeline
{
    /// <summary>The data source the page views are stored and queried under.</summary>
    public const string DataSource = "pageviews";

    /// <summary>Builds the pipeline; persisted rows go under <paramref name="persistDirectory"/>, so a restart keeps them.</summary>
    public static FireDepartment Create(string persistDirectory) => new()
    {
        DataSchema = new DataSchema
        {
            DataSource = DataSource,
            Parser = new MapInputRowParserFactory
            {
                ParseSpec = new JsonParseSpec
                {
                    TimestampSpec = new TimestampSpec { Column = "timestamp", Format = "millis" },
                    DimensionsSpec = new DimensionsSpec { Dimensions = [new DimensionSchema { Name = "page" }, new DimensionSchema { Name = "country" }] },
                },
            },
            MetricsSpec =
            [
                new CountAggregatorFactory { Name = "views" },
                new LongSumAggregatorFactory { Name = "durationMs", FieldName = "durationMs" },
                new LongMaxAggregatorFactory { Name = "slowestMs", FieldName = "durationMs" },
            ],
            GranularitySpec = new GranularitySpec { SegmentGranularity = Granularity.FromName("hour"), QueryGranularity = Granularity.FromName("minute") },
        },
        IoConfig = new IoConfig { Firehose = new PageViewFirehoseFactory() },
        TuningConfig = new TuningConfig
        {
            BasePersistDirectory = persistDirectory,
            IntermediatePersistPeriod = TimeSpan.FromMinutes(1),
            WindowPeriod = TimeSpan.FromMinutes(10),
        },
    };
}
