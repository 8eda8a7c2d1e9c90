using Realtime.Abstractions.Components;
using Realtime.Core.Aggregation;

[assembly: RealtimeComponent("count", typeof(CountAggregatorFactory))]
[assembly: RealtimeComponent("longSum", typeof(LongSumAggregatorFactory))]
[assembly: RealtimeComponent("doubleSum", typeof(DoubleSumAggregatorFactory))]
[assembly: RealtimeComponent("floatSum", typeof(FloatSumAggregatorFactory))]
[assembly: RealtimeComponent("longMin", typeof(LongMinAggregatorFactory))]
[assembly: RealtimeComponent("longMax", typeof(LongMaxAggregatorFactory))]
[assembly: RealtimeComponent("doubleMin", typeof(DoubleMinAggregatorFactory))]
[assembly: RealtimeComponent("doubleMax", typeof(DoubleMaxAggregatorFactory))]
[assembly: RealtimeComponent("floatMin", typeof(FloatMinAggregatorFactory))]
[assembly: RealtimeComponent("floatMax", typeof(FloatMaxAggregatorFactory))]
[assembly: RealtimeComponent("min", typeof(MinAggregatorFactory))]
[assembly: RealtimeComponent("max", typeof(MaxAggregatorFactory))]
[assembly: RealtimeComponent("hyperUnique", typeof(HyperUniqueAggregatorFactory))]
