using Realtime.Abstractions.Components;
using Realtime.Core.Query.Having;

[assembly: RealtimeComponent("equalTo", typeof(EqualToHavingSpec))]
[assembly: RealtimeComponent("greaterThan", typeof(GreaterThanHavingSpec))]
[assembly: RealtimeComponent("lessThan", typeof(LessThanHavingSpec))]
[assembly: RealtimeComponent("dimSelector", typeof(DimSelectorHavingSpec))]
[assembly: RealtimeComponent("and", typeof(AndHavingSpec))]
[assembly: RealtimeComponent("or", typeof(OrHavingSpec))]
[assembly: RealtimeComponent("not", typeof(NotHavingSpec))]
[assembly: RealtimeComponent("filter", typeof(FilterHavingSpec))]
[assembly: RealtimeComponent("always", typeof(AlwaysHavingSpec))]
[assembly: RealtimeComponent("never", typeof(NeverHavingSpec))]
