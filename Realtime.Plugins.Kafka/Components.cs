using Realtime.Abstractions.Components;
using Realtime.Plugins.Kafka;

[assembly: RealtimeComponent("kafka", typeof(KafkaFirehoseFactory))]
[assembly: RealtimeComponent("kafka-0.8", typeof(KafkaEightFirehoseFactory))]
