using Realtime.Abstractions.Components;
using Realtime.Core.Firehoses;

[assembly: RealtimeComponent("local", typeof(LocalFirehoseFactory))]
[assembly: RealtimeComponent("timed", typeof(TimedShutoffFirehoseFactory))]
[assembly: RealtimeComponent("clipped", typeof(ClippedFirehoseFactory))]
[assembly: RealtimeComponent("combining", typeof(CombiningFirehoseFactory))]
[assembly: RealtimeComponent("fixedCount", typeof(FixedCountFirehoseFactory))]
[assembly: RealtimeComponent("inline", typeof(InlineFirehoseFactory))]
