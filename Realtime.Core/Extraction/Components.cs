using Realtime.Abstractions.Components;
using Realtime.Core.Extraction;

[assembly: RealtimeComponent("regex", typeof(RegexExtractionFn))]
[assembly: RealtimeComponent("partial", typeof(PartialExtractionFn))]
[assembly: RealtimeComponent("searchQuery", typeof(SearchQueryExtractionFn))]
[assembly: RealtimeComponent("substring", typeof(SubstringExtractionFn))]
[assembly: RealtimeComponent("strlen", typeof(StrlenExtractionFn))]
[assembly: RealtimeComponent("upper", typeof(UpperExtractionFn))]
[assembly: RealtimeComponent("lower", typeof(LowerExtractionFn))]
[assembly: RealtimeComponent("timeFormat", typeof(TimeFormatExtractionFn))]
[assembly: RealtimeComponent("time", typeof(TimeParseExtractionFn))]
[assembly: RealtimeComponent("lookup", typeof(LookupExtractionFn))]
[assembly: RealtimeComponent("registeredLookup", typeof(RegisteredLookupExtractionFn))]
[assembly: RealtimeComponent("stringFormat", typeof(StringFormatExtractionFn))]
[assembly: RealtimeComponent("cascade", typeof(CascadeExtractionFn))]
[assembly: RealtimeComponent("bucket", typeof(BucketExtractionFn))]
[assembly: RealtimeComponent("identity", typeof(IdentityExtractionFn))]
[assembly: RealtimeComponent("map", typeof(MapLookupExtractor))]
