using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>
/// librdkafka's mock Kafka cluster, hosted in this process: brokers speaking the Kafka protocol on loopback ports,
/// with topics, consumer groups and offset commits, reachable from other processes too.
/// </summary>
/// <remarks>The mock keeps about 5 MB per partition; older messages are dropped like expired log segments.</remarks>
internal sealed unsafe class MockCluster : IDisposable
{
    private const short OffsetCommitApiKey = 8;
    private const int ProducerType = 0;

    private readonly IntPtr _client;
    private readonly IntPtr _cluster;
    private readonly Native _native;
    private readonly IProducer<Null, byte[]> _producer;

    private MockCluster(Native native, IntPtr client, IntPtr cluster)
    {
        _native = native;
        _client = client;
        _cluster = cluster;
        BootstrapServers = Marshal.PtrToStringUTF8(native.Bootstraps(cluster))!;
        _producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 2, Acks = Acks.All }).Build();
    }

    /// <summary>The brokers' addresses, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers.</summary>
    /// <remarks>The cluster runs in the librdkafka the plugin loads, the one its consumers use.</remarks>
    /// <exception cref="InvalidOperationException">librdkafka could not be loaded.</exception>
    public static MockCluster Start(int brokers = 3)
    {
        var native = new Native(Librdkafka.Handle);
        var errors = stackalloc byte[512];
        var configuration = native.ConfNew();
        fixed (byte* name = "log_level\0"u8, value = "3\0"u8)
        {
            native.ConfSet(configuration, name, value, errors, 512);
        }

        var client = native.New(ProducerType, configuration, errors, 512);
        if (client == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((IntPtr)errors)}");
        }

        var cluster = native.ClusterNew(client, brokers);
        return cluster == IntPtr.Zero ? throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.") : new MockCluster(native, client, cluster);
    }

    /// <summary>Creates a topic with <paramref name="partitions"/> partitions.</summary>
    public void CreateTopic(string topic, int partitions)
    {
        var name = Encoding.UTF8.GetBytes(topic + "\0");
        fixed (byte* pointer = name)
        {
            var error = _native.TopicCreate(_cluster, pointer, partitions, 1);
            if (error != 0)
            {
                throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with error {error}.");
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> offset commits fail with <paramref name="error"/>.</summary>
    public void FailCommits(int count, ErrorCode error)
    {
        var errors = Enumerable.Repeat((int)error, count).ToArray();
        fixed (int* pointer = errors)
        {
            _native.PushRequestErrors(_cluster, OffsetCommitApiKey, (nuint)count, pointer);
        }
    }

    /// <summary>Lets offset commits succeed again.</summary>
    public void ClearCommitFailures() => _native.ClearRequestErrors(_cluster, OffsetCommitApiKey);

    /// <summary>Produces text messages (null for a message without a value) and waits until the cluster has them all.</summary>
    public void Produce(string topic, IEnumerable<(int Partition, string? Value)> messages) =>
        Produce(topic, messages.Select(m => (m.Partition, m.Value is null ? null : Encoding.UTF8.GetBytes(m.Value))));

    /// <summary>Produces messages to given partitions and waits until the cluster has them all.</summary>
    /// <exception cref="InvalidOperationException">Some message was not delivered.</exception>
    public void Produce(string topic, IEnumerable<(int Partition, byte[]? Value)> messages)
    {
        var failures = 0;
        foreach (var (partition, value) in messages)
        {
            var message = new Message<Null, byte[]> { Value = value! };
            while (true)
            {
                try
                {
                    _producer.Produce(new TopicPartition(topic, partition), message, report =>
                    {
                        if (report.Error.IsError)
                        {
                            Interlocked.Increment(ref failures);
                        }
                    });
                    break;
                }
                catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    _producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }

        _producer.Flush();
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} messages to {topic} were not delivered.");
        }
    }

    /// <summary>The offsets <paramref name="groupId"/> has committed for each partition of <paramref name="topic"/>, 0 where none.</summary>
    public long[] Committed(string groupId, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = groupId }).Build();
        var committed = consumer.Committed(Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)), TimeSpan.FromSeconds(30));
        return committed.OrderBy(o => o.Partition.Value).Select(o => Math.Max(o.Offset.Value, 0)).ToArray();
    }

    public void Dispose()
    {
        _producer.Dispose();
        _native.ClusterDestroy(_cluster);
        _native.Destroy(_client);
    }

    /// <summary>The librdkafka functions the mock cluster needs (rdkafka.h, rdkafka_mock.h).</summary>
    private sealed class Native(IntPtr library)
    {
        public readonly delegate* unmanaged<IntPtr> ConfNew = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_conf_new");
        public readonly delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int> ConfSet =
            (delegate* unmanaged<IntPtr, byte*, byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "rd_kafka_conf_set");
        public readonly delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr> New =
            (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_new");
        public readonly delegate* unmanaged<IntPtr, void> Destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(library, "rd_kafka_destroy");
        public readonly delegate* unmanaged<IntPtr, int, IntPtr> ClusterNew =
            (delegate* unmanaged<IntPtr, int, IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_new");
        public readonly delegate* unmanaged<IntPtr, void> ClusterDestroy =
            (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_destroy");
        public readonly delegate* unmanaged<IntPtr, IntPtr> Bootstraps =
            (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_bootstraps");
        public readonly delegate* unmanaged<IntPtr, byte*, int, int, int> TopicCreate =
            (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
        public readonly delegate* unmanaged<IntPtr, short, nuint, int*, void> PushRequestErrors =
            (delegate* unmanaged<IntPtr, short, nuint, int*, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_push_request_errors_array");
        public readonly delegate* unmanaged<IntPtr, short, void> ClearRequestErrors =
            (delegate* unmanaged<IntPtr, short, void>)NativeLibrary.GetExport(library, "rd_kafka_mock_clear_request_errors");
    }
}
