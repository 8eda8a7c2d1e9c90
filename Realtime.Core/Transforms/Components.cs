using Realtime.Abstractions.Components;
using Realtime.Core.Expressions;
using Realtime.Core.Transforms;

[assembly: RealtimeComponent("expression", typeof(ExpressionTransform))]
