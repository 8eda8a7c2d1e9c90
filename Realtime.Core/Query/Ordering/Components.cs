using Realtime.Abstractions.Components;
using Realtime.Core.Query.Ordering;

[assembly: RealtimeComponent("numeric", typeof(NumericTopNMetricSpec))]
[assembly: RealtimeComponent("inverted", typeof(InvertedTopNMetricSpec))]
[assembly: RealtimeComponent("dimension", typeof(DimensionTopNMetricSpec))]
[assembly: RealtimeComponent("lexicographic", typeof(LexicographicTopNMetricSpec))]
[assembly: RealtimeComponent("alphaNumeric", typeof(AlphaNumericTopNMetricSpec))]
[assembly: RealtimeComponent("default", typeof(DefaultLimitSpec))]
