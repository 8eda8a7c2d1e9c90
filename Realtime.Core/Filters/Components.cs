using Realtime.Abstractions.Components;
using Realtime.Core.Filters;

[assembly: RealtimeComponent("selector", typeof(SelectorDimFilter))]
[assembly: RealtimeComponent("in", typeof(InDimFilter))]
[assembly: RealtimeComponent("bound", typeof(BoundDimFilter))]
[assembly: RealtimeComponent("and", typeof(AndDimFilter))]
[assembly: RealtimeComponent("or", typeof(OrDimFilter))]
[assembly: RealtimeComponent("not", typeof(NotDimFilter))]
[assembly: RealtimeComponent("regex", typeof(RegexDimFilter))]
[assembly: RealtimeComponent("like", typeof(LikeDimFilter))]
[assembly: RealtimeComponent("search", typeof(SearchDimFilter))]
[assembly: RealtimeComponent("interval", typeof(IntervalDimFilter))]
[assembly: RealtimeComponent("true", typeof(TrueDimFilter))]
[assembly: RealtimeComponent("false", typeof(FalseDimFilter))]
[assembly: RealtimeComponent("columnComparison", typeof(ColumnComparisonDimFilter))]
[assembly: RealtimeComponent("extraction", typeof(ExtractionDimFilter))]
