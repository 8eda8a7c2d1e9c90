using Realtime.Abstractions.Components;
using Realtime.Core.Query.Aggregation;

[assembly: RealtimeComponent("filtered", typeof(FilteredAggregatorFactory))]
[assembly: RealtimeComponent("cardinality", typeof(CardinalityAggregatorFactory))]
[assembly: RealtimeComponent("longFirst", typeof(LongFirstAggregatorFactory))]
[assembly: RealtimeComponent("longLast", typeof(LongLastAggregatorFactory))]
[assembly: RealtimeComponent("doubleFirst", typeof(DoubleFirstAggregatorFactory))]
[assembly: RealtimeComponent("doubleLast", typeof(DoubleLastAggregatorFactory))]
[assembly: RealtimeComponent("floatFirst", typeof(FloatFirstAggregatorFactory))]
[assembly: RealtimeComponent("floatLast", typeof(FloatLastAggregatorFactory))]
