using Realtime.Abstractions.Components;
using Realtime.Core.Query.PostAggregation;

[assembly: RealtimeComponent("arithmetic", typeof(ArithmeticPostAggregator))]
[assembly: RealtimeComponent("fieldAccess", typeof(FieldAccessPostAggregator))]
[assembly: RealtimeComponent("finalizingFieldAccess", typeof(FinalizingFieldAccessPostAggregator))]
[assembly: RealtimeComponent("constant", typeof(ConstantPostAggregator))]
[assembly: RealtimeComponent("hyperUniqueCardinality", typeof(HyperUniqueCardinalityPostAggregator))]
[assembly: RealtimeComponent("doubleGreatest", typeof(DoubleGreatestPostAggregator))]
[assembly: RealtimeComponent("doubleLeast", typeof(DoubleLeastPostAggregator))]
[assembly: RealtimeComponent("longGreatest", typeof(LongGreatestPostAggregator))]
[assembly: RealtimeComponent("longLeast", typeof(LongLeastPostAggregator))]
[assembly: RealtimeComponent("expression", typeof(ExpressionPostAggregator))]
