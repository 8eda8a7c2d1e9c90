using Realtime.Abstractions.Components;
using Realtime.Plugins.Formats.Avro;
using Realtime.Plugins.Formats.Protobuf;

[assembly: RealtimeComponent("avro_stream", typeof(AvroStreamInputRowParserFactory))]
[assembly: RealtimeComponent("schema_registry", typeof(SchemaRegistryAvroBytesDecoder))]
[assembly: RealtimeComponent("schema_inline", typeof(InlineSchemaAvroBytesDecoder))]
[assembly: RealtimeComponent("multiple_version", typeof(MultipleVersionAvroBytesDecoder))]
[assembly: RealtimeComponent("protobuf", typeof(ProtobufInputRowParserFactory))]
