using Realtime.Abstractions.Components;
using Realtime.Core.Query.Model;

[assembly: RealtimeComponent("timeseries", typeof(TimeseriesQuery))]
[assembly: RealtimeComponent("topN", typeof(TopNQuery))]
[assembly: RealtimeComponent("groupBy", typeof(GroupByQuery))]
[assembly: RealtimeComponent("scan", typeof(ScanQuery))]
[assembly: RealtimeComponent("search", typeof(SearchQuery))]
[assembly: RealtimeComponent("timeBoundary", typeof(TimeBoundaryQuery))]
[assembly: RealtimeComponent("segmentMetadata", typeof(SegmentMetadataQuery))]
[assembly: RealtimeComponent("dataSourceMetadata", typeof(DataSourceMetadataQuery))]
