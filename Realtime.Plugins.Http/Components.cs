using Realtime.Abstractions.Components;
using Realtime.Plugins.Http.Pull;
using Realtime.Plugins.Http.Receiver;

[assembly: RealtimeComponent("receiver", typeof(EventReceiverFirehoseFactory))]
[assembly: RealtimeComponent("http", typeof(HttpFirehoseFactory))]
