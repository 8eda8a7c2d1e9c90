using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

public class LocalSegmentPusherTests
{
    private TempDirectory _temp = null!;
    private LocalSegmentPusher _pusher = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempDirectory();
        _pusher = new LocalSegmentPusher(Options.Create(new DeepStorageOptions { Directory = _temp.Combine("deep") }), NullLogger<LocalSegmentPusher>.Instance);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public async Task Push_StoresIndexAndDescriptorUnderDruidLayout()
    {
        var source = _temp.Combine("merged");
        Segments.WriteSegmentDirectory(source);

        await _pusher.PushAsync(source, Segments.Wikipedia(partitionNum: 1), CancellationToken.None);

        var expected = _temp.Combine("deep", "wikipedia", "2013-08-31T00:00:00.000Z_2013-09-01T00:00:00.000Z", "2013-08-31T00:00:00.000Z", "1");
        Assert.That(Directory.GetFiles(expected).Select(Path.GetFileName), Is.EquivalentTo(new[] { "index.zip", "descriptor.json" }));
    }

    [Test]
    public async Task Push_ReturnsLocalLoadSpecAndUncompressedSize()
    {
        var source = _temp.Combine("merged");
        var bytes = Segments.WriteSegmentDirectory(source);

        var pushed = await _pusher.PushAsync(source, Segments.Wikipedia(), CancellationToken.None);

        var indexPath = Path.Combine(_pusher.GetSegmentDirectory(pushed.Id), "index.zip");
        Assert.Multiple(() =>
        {
            Assert.That(pushed.LoadSpec!.Value.GetProperty("type").GetString(), Is.EqualTo("local"));
            Assert.That(pushed.LoadSpec!.Value.GetProperty("path").GetString(), Is.EqualTo(indexPath));
            Assert.That(Path.IsPathRooted(indexPath), Is.True);
            Assert.That(pushed.Size, Is.EqualTo(bytes));
        });
    }

    [Test]
    public async Task Descriptor_HasDruidFieldsInOrderAndRoundTrips()
    {
        var source = _temp.Combine("merged");
        Segments.WriteSegmentDirectory(source);

        var pushed = await _pusher.PushAsync(source, Segments.Wikipedia(partitionNum: 2), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Path.Combine(_pusher.GetSegmentDirectory(pushed.Id), "descriptor.json"));
        using var document = JsonDocument.Parse(bytes);
        Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "dataSource", "interval", "version", "loadSpec", "dimensions", "metrics", "shardSpec", "binaryVersion", "size", "identifier",
        }));
        Assert.That(document.RootElement.GetProperty("identifier").GetString(),
            Is.EqualTo("wikipedia_2013-08-31T00:00:00.000Z_2013-09-01T00:00:00.000Z_2013-08-31T00:00:00.000Z_2"));

        var read = DataSegmentJson.Deserialize(bytes);
        Assert.Multiple(() =>
        {
            Assert.That(read.Id, Is.EqualTo(pushed.Id));
            Assert.That(read.Dimensions, Is.EqualTo(pushed.Dimensions));
            Assert.That(read.Metrics, Is.EqualTo(pushed.Metrics));
            Assert.That(read.Size, Is.EqualTo(pushed.Size));
            Assert.That(read.BinaryVersion, Is.EqualTo(9));
            Assert.That(JsonElement.DeepEquals(read.LoadSpec!.Value, pushed.LoadSpec!.Value), Is.True);
            Assert.That(JsonElement.DeepEquals(read.ShardSpec!.Value, pushed.ShardSpec!.Value), Is.True);
        });
    }

    [Test]
    public async Task IndexZip_HoldsTheSegmentFilesWithRelativePaths()
    {
        var source = _temp.Combine("merged");
        Segments.WriteSegmentDirectory(source);

        var pushed = await _pusher.PushAsync(source, Segments.Wikipedia(), CancellationToken.None);

        using var zip = ZipFile.OpenRead(pushed.LoadSpec!.Value.GetProperty("path").GetString()!);
        var entries = zip.Entries.Where(e => e.Length > 0 || !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName.Replace('\\', '/'));
        Assert.That(entries.Keys, Is.EquivalentTo(new[] { "version.bin", "meta.smoosh", "columns/page.col" }));
        using var reader = new StreamReader(entries["meta.smoosh"].Open());
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("meta v1"));
    }

    [Test]
    public async Task PushAgain_OverwritesAndLeavesNoTemporaryFiles()
    {
        var first = _temp.Combine("first");
        var second = _temp.Combine("second");
        Segments.WriteSegmentDirectory(first, "v1");
        var secondBytes = Segments.WriteSegmentDirectory(second, "second push");

        await _pusher.PushAsync(first, Segments.Wikipedia(), CancellationToken.None);
        var pushed = await _pusher.PushAsync(second, Segments.Wikipedia(), CancellationToken.None);

        var directory = _pusher.GetSegmentDirectory(pushed.Id);
        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { "index.zip", "descriptor.json" }));
        using var zip = ZipFile.OpenRead(Path.Combine(directory, "index.zip"));
        using var reader = new StreamReader(zip.GetEntry("meta.smoosh")!.Open());
        Assert.That(await reader.ReadToEndAsync(), Is.EqualTo("meta second push"));
        var descriptor = DataSegmentJson.Deserialize(await File.ReadAllBytesAsync(Path.Combine(directory, "descriptor.json")));
        Assert.That(descriptor.Size, Is.EqualTo(secondBytes));
    }

    [Test]
    public void Push_MissingDirectory_NamesIt()
    {
        var missing = _temp.Combine("nope");

        Assert.That(() => _pusher.PushAsync(missing, Segments.Wikipedia(), CancellationToken.None),
            Throws.InstanceOf<DirectoryNotFoundException>().With.Message.Contains(missing));
    }

    [Test]
    public void SegmentDirectory_ReplacesCharactersUnsafeInFileNames()
    {
        var segment = Segments.Wikipedia(dataSource: "web/clicks");

        var directory = _pusher.GetSegmentDirectory(segment.Id);

        Assert.That(Path.GetRelativePath(_pusher.StorageDirectory, directory).Split(Path.DirectorySeparatorChar)[0], Is.EqualTo("web_clicks"));
    }

    [Test]
    public void SegmentDirectory_RefusesDotDotAsVersion()
    {
        var segment = Segments.Wikipedia(version: "..");

        Assert.That(() => _pusher.GetSegmentDirectory(segment.Id), Throws.ArgumentException.With.Message.Contains("version"));
    }

    [Test]
    public async Task Pull_ExtractsWhatWasPushed()
    {
        var source = _temp.Combine("merged");
        Segments.WriteSegmentDirectory(source);
        var pushed = await _pusher.PushAsync(source, Segments.Wikipedia(), CancellationToken.None);
        var target = _temp.Combine("served");

        await new LocalSegmentPuller(NullLogger<LocalSegmentPuller>.Instance).PullAsync(pushed, target, CancellationToken.None);

        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var pulled = Path.Combine(target, Path.GetRelativePath(source, file));
            Assert.That(await File.ReadAllBytesAsync(pulled), Is.EqualTo(await File.ReadAllBytesAsync(file)), pulled);
        }
    }

    [Test]
    public void Pull_OtherLoadSpecType_NamesIt()
    {
        var segment = Segments.Wikipedia() with { LoadSpec = JsonDocument.Parse("""{"type":"s3_zip","bucket":"b","key":"k"}""").RootElement };

        Assert.That(() => new LocalSegmentPuller(NullLogger<LocalSegmentPuller>.Instance).PullAsync(segment, _temp.Combine("x"), CancellationToken.None),
            Throws.ArgumentException.With.Message.Contains("s3_zip"));
    }
}
