using System.Text.Json;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Index;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Time;
using Realtime.Core.Aggregation;
using Realtime.Core.Index;
using Realtime.Core.Time;
using Realtime.Samples.CustomPlumber;

namespace Realtime.Samples.Tests.CustomPlumber;

public class CsvPlumberTests
{
    private const string Hour10 = "2015-09-12T10:00:00.000Z_2015-09-12T11:00:00.000Z";

    private Mock<IIngestionMetrics> _metrics = null!;
    private Mock<IRejectionPolicy> _policy = null!;
    private string _directory = null!;
    private IIndexFactory _indexes = null!;
    private long _currentMaxTime;

    private string PersistDirectory => Path.Combine(_directory, "persist");

    private string OutputDirectory => Path.Combine(_directory, "csv");

    [SetUp]
    public void SetUp()
    {
        _directory = Directory.CreateTempSubdirectory("csv-plumber-").FullName;
        _indexes = new IndexFactory(new IndexSchema(
            [new ColumnSchema("page", ColumnType.String), new ColumnSchema("country", ColumnType.String)],
            [new CountAggregatorFactory { Name = "views" }, new LongSumAggregatorFactory { Name = "bytes", FieldName = "bytes" }],
            Granularity.FromName("hour")));
        _metrics = new Mock<IIngestionMetrics>();
        _policy = new Mock<IRejectionPolicy>();
        _currentMaxTime = 0;
        _policy.Setup(p => p.Accept(It.IsAny<long>())).Returns(true);
        _policy.SetupGet(p => p.CurrentMaxTime).Returns(() => _currentMaxTime);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task TheCommitterRunsOnlyOnceThePiecesAndTheCommitFileAreOnDisk()
    {
        var plumber = await StartAsync();
        plumber.Add(Row("10:05", "/a", "NL", 10), () => Committers.Nil);
        var metadata = JsonSerializer.SerializeToElement(new { offset = 42 });
        var committedAtRun = new List<string>();
        var committer = new Mock<ICommitter>();
        committer.SetupGet(c => c.Metadata).Returns(metadata);
        committer.Setup(c => c.Run()).Callback(() =>
        {
            committedAtRun.Add(File.ReadAllText(Path.Combine(PersistDirectory, "pages", "commit.json")));
            committedAtRun.Add(Directory.Exists(Path.Combine(PersistDirectory, "pages", Hour10, "0")).ToString());
        });

        plumber.Persist(committer.Object);

        committer.Verify(c => c.Run(), Times.Once);
        var commit = JsonDocument.Parse(committedAtRun[0]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(commit.GetProperty("firehose").GetProperty("offset").GetInt32(), Is.EqualTo(42));
            Assert.That(commit.GetProperty("sinks").GetProperty("2015-09-12T10:00:00.000Z/2015-09-12T11:00:00.000Z").EnumerateArray().Select(n => n.GetInt32()), Is.EqualTo(new[] { 0 }));
            Assert.That(committedAtRun[1], Is.EqualTo("True"), "the piece directory exists when the committer runs");
        });
        _metrics.Verify(m => m.RowsOutput(1), Times.Once);
    }

    [Test]
    public async Task AFailedPersistNeverRunsTheCommitterAndLeavesThePreviousCommit()
    {
        var failing = new Mock<IIndexFactory>();
        failing.Setup(f => f.CreateIncremental(It.IsAny<Interval>(), It.IsAny<IReadOnlyList<ColumnSchema>?>()))
            .Returns((Interval interval, IReadOnlyList<ColumnSchema>? previous) => _indexes.CreateIncremental(interval, previous));
        failing.Setup(f => f.Persist(It.IsAny<IQueryableIndex>(), It.IsAny<string>(), It.IsAny<JsonElement?>(), It.IsAny<CancellationToken>()))
            .Throws(new IOException("disk full"));
        var plumber = await StartAsync(failing.Object);
        plumber.Add(Row("10:05", "/a", "NL", 10), () => Committers.Nil);
        var committer = new Mock<ICommitter>();

        Assert.Throws<IOException>(() => plumber.Persist(committer.Object));

        committer.Verify(c => c.Run(), Times.Never);
        _metrics.Verify(m => m.PersistFailed(), Times.Once);
        Assert.That(File.Exists(Path.Combine(PersistDirectory, "pages", "commit.json")), Is.False);
    }

    [Test]
    public async Task ASegmentIsWrittenOnceTheWindowHasPassedWithRowsRolledUpAcrossPieces()
    {
        var plumber = await StartAsync(maxRowsInMemory: 2);
        var committers = 0;
        Func<ICommitter> supplier = () =>
        {
            committers++;
            return Committers.Nil;
        };

        plumber.Add(Row("10:05", "/a", "NL", 10), supplier);
        plumber.Add(Row("10:20", "/b, \"quoted\"", "DE", 5), supplier);
        plumber.Add(Row("10:40", "/a", "NL", 30), supplier);
        plumber.Add(Row("11:05", "/a", "NL", 1), supplier);
        var beforeTheWindow = File.Exists(CsvPath(Hour10));
        _currentMaxTime = DateTimes.ParseIso("2015-09-12T11:10:00Z");
        plumber.Add(Row("11:10", "/a", "NL", 2), supplier);

        Assert.Multiple(() =>
        {
            Assert.That(committers, Is.EqualTo(1), "the second distinct row of hour 10 filled the in-memory index");
            Assert.That(beforeTheWindow, Is.False);
            Assert.That(File.ReadAllLines(CsvPath(Hour10)), Is.EqualTo(new[]
            {
                "timestamp,page,country,views,bytes",
                "2015-09-12T10:00:00.000Z,/a,NL,2,40",
                "2015-09-12T10:00:00.000Z,\"/b, \"\"quoted\"\"\",DE,1,5",
            }));
            Assert.That(plumber.Segments.Select(s => s.Id.Interval.ToString()), Is.EqualTo(new[] { "2015-09-12T11:00:00.000Z/2015-09-12T12:00:00.000Z" }));
            Assert.That(Directory.Exists(Path.Combine(PersistDirectory, "pages", Hour10)), Is.False);
        });
        _metrics.Verify(m => m.HandoffCompleted(), Times.Once);
    }

    [Test]
    public async Task RowsForAnIntervalWhoseFileIsWrittenAreThrownAway()
    {
        var plumber = await StartAsync();
        plumber.Add(Row("10:05", "/a", "NL", 10), () => Committers.Nil);
        await plumber.FinishJobAsync(CancellationToken.None);
        var written = File.ReadAllText(CsvPath(Hour10));

        var late = plumber.Add(Row("10:50", "/a", "NL", 99), () => Committers.Nil);
        await plumber.FinishJobAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(late.Status, Is.EqualTo(AddStatus.ThrownAway));
            Assert.That(File.ReadAllText(CsvPath(Hour10)), Is.EqualTo(written));
            Assert.That(plumber.Segments, Is.Empty);
        });
    }

    [Test]
    public async Task ARestartRestoresCommittedPiecesReturnsTheirMetadataAndDropsUncommittedOnes()
    {
        var first = await StartAsync();
        first.Add(Row("10:05", "/a", "NL", 10), () => Committers.Nil);
        first.Persist(Committers.Create(JsonSerializer.SerializeToElement(new { offset = 7 }), () => { }));
        first.Add(Row("10:06", "/b", "NL", 20), () => Committers.Nil);
        await ((IAsyncDisposable)first).DisposeAsync();
        var uncommitted = Path.Combine(PersistDirectory, "pages", Hour10, "1");
        Directory.CreateDirectory(uncommitted);

        var second = Create();
        var metadata = await second.StartJobAsync(CancellationToken.None);

        using var lease = second.Segments.Single().Acquire();
        Assert.Multiple(() =>
        {
            Assert.That(metadata!.Value.GetProperty("offset").GetInt32(), Is.EqualTo(7));
            Assert.That(lease.Indexes.Sum(i => i.RowCount), Is.EqualTo(1), "only the committed row of /a; /b was never committed");
            Assert.That(Directory.Exists(uncommitted), Is.False);
        });
    }

    [Test]
    public async Task WithoutARejectionPolicyEveryRowIsKeptUntilTheFirehoseEnds()
    {
        var plumber = await StartAsync(withPolicy: false);
        plumber.Add(Row("10:05", "/a", "NL", 10), () => Committers.Nil);
        plumber.Add(Row("23:05", "/a", "NL", 10), () => Committers.Nil);
        var whileRunning = Directory.Exists(OutputDirectory);

        await plumber.FinishJobAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(whileRunning, Is.False);
            Assert.That(Directory.GetFiles(Path.Combine(OutputDirectory, "pages")).Select(Path.GetFileName).Order(), Is.EqualTo(new[]
            {
                Hour10 + ".csv",
                "2015-09-12T23:00:00.000Z_2015-09-13T00:00:00.000Z.csv",
            }));
        });
    }

    [Test]
    public void AMissingOutputDirectoryIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => new CsvPlumberSchool { OutputDirectory = " " }.FindPlumber(Context(_indexes, 10, _policy.Object)));

        Assert.That(error!.Message, Does.Contain("outputDirectory"));
    }

    private async Task<IPlumber> StartAsync(IIndexFactory? indexes = null, int maxRowsInMemory = 1000, bool withPolicy = true)
    {
        var plumber = Create(indexes, maxRowsInMemory, withPolicy);
        await plumber.StartJobAsync(CancellationToken.None);
        return plumber;
    }

    private IPlumber Create(IIndexFactory? indexes = null, int maxRowsInMemory = 1000, bool withPolicy = true) =>
        new CsvPlumberSchool { OutputDirectory = OutputDirectory }.FindPlumber(Context(indexes ?? _indexes, maxRowsInMemory, withPolicy ? _policy.Object : null));

    private PlumberContext Context(IIndexFactory indexes, int maxRowsInMemory, IRejectionPolicy? rejection)
    {
        var rejectionFactory = new Mock<IRejectionPolicyFactory>();
        rejectionFactory.Setup(f => f.Create(It.IsAny<TimeSpan>(), It.IsAny<TimeProvider>())).Returns(rejection!);
        return new PlumberContext
        {
            DataSource = "pages",
            SegmentGranularity = Granularity.FromName("hour"),
            Tuning = new TuningConfig
            {
                MaxRowsInMemory = maxRowsInMemory,
                WindowPeriod = TimeSpan.FromMinutes(10),
                BasePersistDirectory = PersistDirectory,
                RejectionPolicy = rejection is null ? null : rejectionFactory.Object,
            },
            Indexes = indexes,
            Metrics = _metrics.Object,
            Services = Mock.Of<IServiceProvider>(),
        };
    }

    private string CsvPath(string interval) => Path.Combine(OutputDirectory, "pages", interval + ".csv");

    private static MapInputRow Row(string time, string page, string country, long bytes) =>
        new(DateTimes.ParseIso($"2015-09-12T{time}:00Z"), ["page", "country"],
            new Dictionary<string, object?> { ["page"] = page, ["country"] = country, ["bytes"] = bytes });
}
