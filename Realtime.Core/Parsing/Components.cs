using Realtime.Abstractions.Components;
using Realtime.Core.Parsing;

[assembly: RealtimeComponent("string", typeof(StringInputRowParserFactory))]
[assembly: RealtimeComponent("map", typeof(MapInputRowParserFactory))]
[assembly: RealtimeComponent("json", typeof(JsonParseSpec))]
[assembly: RealtimeComponent("jsonLowercase", typeof(JsonLowercaseParseSpec))]
[assembly: RealtimeComponent("csv", typeof(CsvParseSpec))]
[assembly: RealtimeComponent("tsv", typeof(TsvParseSpec))]
[assembly: RealtimeComponent("regex", typeof(RegexParseSpec))]
[assembly: RealtimeComponent("timeAndDims", typeof(TimeAndDimsParseSpec))]
[assembly: RealtimeComponent("javascript", typeof(JavaScriptParseSpec))]
