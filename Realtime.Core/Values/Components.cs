using Realtime.Abstractions.Components;
using Realtime.Core.Values;

[assembly: RealtimeComponent("contains", typeof(ContainsSearchQuerySpec))]
[assembly: RealtimeComponent("insensitive_contains", typeof(InsensitiveContainsSearchQuerySpec))]
[assembly: RealtimeComponent("fragment", typeof(FragmentSearchQuerySpec))]
[assembly: RealtimeComponent("regex", typeof(RegexSearchQuerySpec))]
