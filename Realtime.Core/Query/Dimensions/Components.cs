using Realtime.Abstractions.Components;
using Realtime.Core.Query.Dimensions;

[assembly: RealtimeComponent("default", typeof(DefaultDimensionSpec))]
