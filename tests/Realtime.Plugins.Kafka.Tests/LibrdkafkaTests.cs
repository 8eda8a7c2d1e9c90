using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Realtime.Plugins.Kafka.Tests;

/// <summary>librdkafka comes from the plugin's librdkafka.redist, with nothing installed on the machine.</summary>
public sealed class LibrdkafkaTests
{
    [Test]
    public void Confluent_Kafka_and_the_mock_cluster_run_on_the_self_contained_library_next_to_the_plugin()
    {
        Assume.That(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64
            && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal), "glibc Linux on x64 only");
        using var cluster = MockCluster.Start(brokers: 1);
        cluster.CreateTopic("loaded", 1);
        cluster.Produce("loaded", [(0, KafkaSpecs.Row("x"))]);

        var expected = Path.Combine(Path.GetDirectoryName(typeof(Librdkafka).Assembly.Location)!, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
        var mapped = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 6 && f[5].Contains("rdkafka", StringComparison.Ordinal)).Select(f => f[5]).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(mapped, Is.EqualTo(new[] { expected }), "the only librdkafka in the process");
            Assert.That(Librdkafka.EnsureLoaded(), Is.EqualTo("2.16.0"));
            Assert.That(Library.Version, Is.EqualTo(0x021000ff), "Confluent.Kafka calls the same library");
        });
    }
}
