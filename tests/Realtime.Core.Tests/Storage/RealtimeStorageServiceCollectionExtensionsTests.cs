using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Storage;
using Realtime.Core.Components;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

public class RealtimeStorageServiceCollectionExtensionsTests
{
    [Test]
    public void AddRealtimeStorage_BindsOptionsAndSharesTheStore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Realtime:Storage:Directory"] = "/var/lib/realtime/segments",
            ["Realtime:Metadata:ConnectionString"] = "Data Source=/var/lib/realtime/meta.db",
            ["Realtime:Metadata:TablesBase"] = "rt",
            ["Realtime:Handoff:PollPeriod"] = "00:00:05",
        }).Build();
        using var services = StorageServices(configuration);

        var pusher = services.GetRequiredService<ISegmentPusher>();
        var store = services.GetRequiredService<SqliteMetadataStore>();

        Assert.Multiple(() =>
        {
            Assert.That(((LocalSegmentPusher)pusher).StorageDirectory, Is.EqualTo("/var/lib/realtime/segments"));
            Assert.That(store.DatabasePath, Is.EqualTo("/var/lib/realtime/meta.db"));
            Assert.That(store.SegmentsTable, Is.EqualTo("rt_segments"));
            Assert.That(services.GetRequiredService<ISegmentPublisher>(), Is.SameAs(store));
            Assert.That(services.GetRequiredService<ISegmentMetadataStore>(), Is.SameAs(store));
            Assert.That(services.GetRequiredService<IHandoffNotifier>(), Is.InstanceOf<MetadataHandoffNotifier>());
            Assert.That(services.GetRequiredService<IOptions<HandoffOptions>>().Value.PollPeriod, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(services.GetRequiredService<LocalSegmentPuller>(), Is.Not.Null);
        });
    }

    [Test]
    public void AddRealtimeStorage_Defaults()
    {
        using var services = StorageServices(new ConfigurationBuilder().Build());

        var store = services.GetRequiredService<SqliteMetadataStore>();

        Assert.Multiple(() =>
        {
            Assert.That(services.GetRequiredService<LocalSegmentPusher>().StorageDirectory, Is.EqualTo(Path.GetFullPath("data/deep-storage")));
            Assert.That(store.DatabasePath, Is.EqualTo(Path.GetFullPath("data/metadata.db")));
            Assert.That(store.SegmentsTable, Is.EqualTo("druid_segments"));
            Assert.That(services.GetRequiredService<IOptions<HandoffOptions>>().Value.PollPeriod, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public void AddRealtimeStorage_TakesPostgreSqlWhenTheConfigurationNamesIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Realtime:Metadata:Type"] = "postgresql",
            ["Realtime:Metadata:ConnectionString"] = "Host=db.example;Port=5433;Database=druid;Username=druid;Password=diurd",
            ["Realtime:Metadata:TablesBase"] = "rt",
        }).Build();
        using var services = StorageServices(configuration);

        var storage = services.GetRequiredService<IMetadataStorage>();
        var store = services.GetRequiredService<ISegmentMetadataStore>();

        Assert.Multiple(() =>
        {
            Assert.That(storage, Is.InstanceOf<PostgreSqlMetadataStorage>());
            Assert.That(store, Is.SameAs(services.GetRequiredService<PostgreSqlMetadataStore>()));
            Assert.That(services.GetRequiredService<ISegmentPublisher>(), Is.SameAs(store));
            Assert.That(((PostgreSqlMetadataStore)store).Location, Is.EqualTo("db.example:5433, database 'druid', user 'druid'"));
            Assert.That(((PostgreSqlMetadataStore)store).SegmentsTable, Is.EqualTo("rt_segments"));
        });
    }

    [Test]
    public void AddRealtimeStorage_KeepsAPublisherRegisteredFirst()
    {
        var own = new Moq.Mock<ISegmentPublisher>().Object;
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddSingleton(own)
            .AddRealtimeStorage()
            .BuildServiceProvider();

        Assert.That(services.GetRequiredService<ISegmentPublisher>(), Is.SameAs(own));
    }

    [Test]
    public void AddRealtimeStorage_TakesTheDeepStorageAndMetadataStoreThatTheConfigurationNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Realtime:Storage:Type"] = "bucket",
            ["Realtime:Storage:Bucket"] = "segments-eu",
            ["Realtime:Metadata:Type"] = "recording",
        }).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(new SpecSerializer(new ComponentRegistry.Builder()
                .Add(new RealtimeComponentAttribute("bucket", typeof(BucketDeepStorage)), "test")
                .Add(new RealtimeComponentAttribute("recording", typeof(RecordingMetadataStorage)), "test")
                .Build()))
            .AddRealtimeStorage()
            .BuildServiceProvider();

        var storage = (BucketDeepStorage)services.GetRequiredService<IDeepStorage>();
        var metadata = services.GetRequiredService<IMetadataStorage>();

        Assert.Multiple(() =>
        {
            Assert.That(storage.Bucket, Is.EqualTo("segments-eu"));
            Assert.That(services.GetRequiredService<ISegmentPusher>(), Is.SameAs(storage.Pusher));
            Assert.That(services.GetRequiredService<ISegmentPuller>(), Is.SameAs(storage.Puller));
            Assert.That(services.GetRequiredService<ISegmentMetadataStore>(), Is.SameAs(metadata.Store));
            Assert.That(services.GetRequiredService<ISegmentPublisher>(), Is.SameAs(metadata.Store));
        });
    }

    [Test]
    public void AddRealtimeStorage_RefusesAStorageTypeNoComponentHasNamingTheKnownOnes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Realtime:Storage:Type"] = "s3" }).Build();
        using var services = StorageServices(configuration);

        Assert.That(() => services.GetRequiredService<ISegmentPusher>(),
            Throws.InvalidOperationException.With.Message.Contains("Realtime:Storage:Type 's3' is not a known deep storage; known: local"));
    }

    private sealed class BucketDeepStorage(IConfigurationSection settings) : IDeepStorage
    {
        public string? Bucket { get; } = settings["Bucket"];

        public ISegmentPusher Pusher { get; } = Moq.Mock.Of<ISegmentPusher>();

        public ISegmentPuller Puller { get; } = Moq.Mock.Of<ISegmentPuller>();
    }

    private sealed class RecordingMetadataStorage : IMetadataStorage
    {
        public ISegmentMetadataStore Store { get; } = Moq.Mock.Of<ISegmentMetadataStore>();
    }

    private static ServiceProvider StorageServices(IConfiguration configuration) =>
        new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddRealtimeStorage()
            .BuildServiceProvider();
}
