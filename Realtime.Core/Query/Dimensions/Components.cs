using Realtime.Abstractions.Components;
using Realtime.Core.Query.Dimensions;

[assembly: RealtimeComponent("default", typeof(DefaultDimensionSpec))]
[assembly: RealtimeComponent("extraction", typeof(ExtractionDimensionSpec))]
[assembly: RealtimeComponent("lookup", typeof(LookupDimensionSpec))]
[assembly: RealtimeComponent("listFiltered", typeof(ListFilteredDimensionSpec))]
[assembly: RealtimeComponent("regexFiltered", typeof(RegexFilteredDimensionSpec))]
[assembly: RealtimeComponent("prefixFiltered", typeof(PrefixFilteredDimensionSpec))]
