using Realtime.Abstractions.Components;
using Realtime.Samples.CustomPlumber;

// The manifest the node reads when it loads the plugin: spec type name -> implementation. The node never scans types.
[assembly: RealtimeComponent("csv", typeof(CsvPlumberSchool))]
