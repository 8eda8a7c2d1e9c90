using Realtime.Abstractions.Components;
using Realtime.Core.Plumbing;

[assembly: RealtimeComponent("serverTime", typeof(ServerTimeRejectionPolicyFactory))]
[assembly: RealtimeComponent("messageTime", typeof(MessageTimeRejectionPolicyFactory))]
[assembly: RealtimeComponent("none", typeof(NoneRejectionPolicyFactory))]
[assembly: RealtimeComponent("intervalStart", typeof(IntervalStartVersioningPolicy))]
[assembly: RealtimeComponent("custom", typeof(CustomVersioningPolicy))]
[assembly: RealtimeComponent("none", typeof(NoneShardSpec))]
[assembly: RealtimeComponent("linear", typeof(LinearShardSpec))]
[assembly: RealtimeComponent("numbered", typeof(NumberedShardSpec))]
[assembly: RealtimeComponent("realtime", typeof(RealtimePlumberSchool))]
[assembly: RealtimeComponent("flushing", typeof(FlushingPlumberSchool))]
