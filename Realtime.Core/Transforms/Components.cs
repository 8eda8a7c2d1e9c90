using Realtime.Abstractions.Components;
using Realtime.Core.Transforms;

[assembly: RealtimeComponent("expression", typeof(ExpressionTransform))]
