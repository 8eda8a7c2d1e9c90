using Realtime.Abstractions.Components;
using Realtime.Core.Query.Ordering;

[assembly: RealtimeComponent("numeric", typeof(NumericTopNMetricSpec))]
