using Realtime.Abstractions.Components;
using Realtime.Samples.CustomFirehose;

// The manifest the node reads when it loads the plugin: spec type name -> implementation. The node never scans types.
[assembly: RealtimeComponent("log-tail", typeof(LogTailFirehoseFactory))]
