using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Samples.CustomFirehose;

namespace Realtime.Samples.Tests.CustomFirehose;

public class LogTailFirehoseTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("log-tail-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task EveryLineGoesToTheParserAndTheCommitterCarriesTheOffsetAfterTheLastLine()
    {
        var log = Write("access.log", "first\nsecond\r\n\n  \nthird\n");
        var positionFile = Path.Combine(_directory, "position");
        var parser = new RecordingParser();
        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, Follow = false, PositionFile = positionFile }, parser);

        var rows = await ReadAllAsync(firehose);
        var committer = firehose.MakeCommitter();

        Assert.Multiple(() =>
        {
            Assert.That(parser.Lines, Is.EqualTo(new[] { "first", "second", "third" }), "blank lines are skipped and \\r\\n endings removed");
            Assert.That(rows.Select(r => r.GetRaw("line")), Is.EqualTo(parser.Lines));
            Assert.That(committer.Metadata!.Value.GetProperty("offset").GetInt64(), Is.EqualTo(new FileInfo(log).Length));
            Assert.That(committer.Metadata!.Value.GetProperty("logFile").GetString(), Is.EqualTo(log));
            Assert.That(File.Exists(positionFile), Is.False, "the position file is written only when the commit runs");
        });

        committer.Run();
        Assert.That(File.ReadAllText(positionFile), Is.EqualTo(new FileInfo(log).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task AConnectionWithCommitMetadataResumesAtTheCommittedOffset()
    {
        var log = Write("access.log", "one\ntwo\nthree\n");
        var parser = new RecordingParser();

        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, Follow = false }, parser, Position(log, "one\ntwo\n".Length));
        await ReadAllAsync(firehose);

        Assert.That(parser.Lines, Is.EqualTo(new[] { "three" }));
    }

    [Test]
    public async Task AHalfWrittenLineIsHandedOutOnlyOnceItsNewlineArrives()
    {
        var log = Write("access.log", "complete\nhalf");
        var parser = new RecordingParser();
        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, PollPeriod = TimeSpan.FromMilliseconds(10) }, parser);

        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        firehose.NextRow();
        var committedBeforeTheRest = firehose.MakeCommitter().Metadata!.Value.GetProperty("offset").GetInt64();
        var waiting = firehose.HasMoreAsync(CancellationToken.None).AsTask();
        await File.AppendAllTextAsync(log, "-written\n");
        Assert.That(await waiting, Is.True);
        firehose.NextRow();

        Assert.Multiple(() =>
        {
            Assert.That(parser.Lines, Is.EqualTo(new[] { "complete", "half-written" }));
            Assert.That(committedBeforeTheRest, Is.EqualTo("complete\n".Length), "the half line was not committed");
        });
    }

    [Test]
    public async Task AFileShorterThanTheCommittedOffsetIsReadFromItsStartWithAWarning()
    {
        var log = Write("access.log", "new\n");
        var parser = new RecordingParser();
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);

        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, Follow = false }, parser, Position(log, 1000), logger.Object);
        await ReadAllAsync(firehose);

        Assert.That(parser.Lines, Is.EqualTo(new[] { "new" }));
        logger.Verify(l => l.Log(LogLevel.Warning, It.IsAny<EventId>(), It.Is<It.IsAnyType>((state, _) => state.ToString()!.Contains("truncated")),
            It.IsAny<Exception?>(), It.IsAny<Func<It.IsAnyType, Exception?, string>>()), Times.Once);
    }

    [Test]
    public async Task ALogTruncatedWhileFollowedIsReadAgainFromItsStart()
    {
        var log = Write("access.log", "before rotation\n");
        var parser = new RecordingParser();
        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, PollPeriod = TimeSpan.FromMilliseconds(10) }, parser);
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        firehose.NextRow();

        await File.WriteAllTextAsync(log, "x\n");
        Assert.That(await firehose.HasMoreAsync(CancellationToken.None), Is.True);
        firehose.NextRow();

        Assert.Multiple(() =>
        {
            Assert.That(parser.Lines, Is.EqualTo(new[] { "before rotation", "x" }));
            Assert.That(firehose.MakeCommitter().Metadata!.Value.GetProperty("offset").GetInt64(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task AnUnparseableLineNamesTheFileAndOffsetAndTheNextLineStillArrives()
    {
        var log = Write("access.log", "good\nbad\nalso good\n");
        var parser = new RecordingParser();
        await using var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, Follow = false }, parser);

        await firehose.HasMoreAsync(CancellationToken.None);
        firehose.NextRow();
        await firehose.HasMoreAsync(CancellationToken.None);
        var error = Assert.Throws<ParseException>(() => firehose.NextRow());
        await firehose.HasMoreAsync(CancellationToken.None);
        var next = firehose.NextRow();

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(log).And.Contain("at byte 5").And.Contain("not a good line"));
            Assert.That(next!.GetRaw("line"), Is.EqualTo("also good"));
        });
    }

    [Test]
    public void CommitMetadataOfAnotherFirehoseIsRefusedQuotingIt()
    {
        var log = Write("access.log", "line\n");
        var foreign = JsonDocument.Parse("""{"completedFiles":["a.json"]}""").RootElement;

        var error = Assert.ThrowsAsync<InvalidDataException>(() => Connect(new LogTailFirehoseFactory { LogFile = log }, new RecordingParser(), foreign).AsTask());

        Assert.That(error!.Message, Does.Contain("completedFiles").And.Contain("log-tail"));
    }

    [Test]
    public void AMissingLogFileIsNamed()
    {
        var missing = Path.Combine(_directory, "missing.log");

        var error = Assert.ThrowsAsync<FileNotFoundException>(() => Connect(new LogTailFirehoseFactory { LogFile = missing }, new RecordingParser()).AsTask());

        Assert.That(error!.Message, Does.Contain(missing));
    }

    [Test]
    public async Task DisposingEndsAWaitForNewLines()
    {
        var log = Write("access.log", "");
        var firehose = await Connect(new LogTailFirehoseFactory { LogFile = log, PollPeriod = TimeSpan.FromHours(1) }, new RecordingParser());

        var waiting = firehose.HasMoreAsync(CancellationToken.None).AsTask();
        await firehose.DisposeAsync();

        Assert.That(() => waiting, Throws.InstanceOf<OperationCanceledException>());
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonElement Position(string log, long offset) => JsonSerializer.SerializeToElement(new { logFile = log, offset });

    private static ValueTask<IFirehose> Connect(LogTailFirehoseFactory factory, IInputRowParser parser, JsonElement? metadata = null, ILogger? logger = null)
    {
        var loggers = new Mock<ILoggerFactory>();
        loggers.Setup(f => f.CreateLogger(It.IsAny<string>())).Returns(logger ?? Mock.Of<ILogger>());
        var context = new FirehoseContext { Services = Mock.Of<IServiceProvider>(), DataSource = "access", LoggerFactory = loggers.Object, LastCommitMetadata = metadata };
        return factory.ConnectAsync(parser, context, CancellationToken.None);
    }

    private static async Task<List<InputRow>> ReadAllAsync(IFirehose firehose)
    {
        var rows = new List<InputRow>();
        while (await firehose.HasMoreAsync(CancellationToken.None))
        {
            rows.Add(firehose.NextRow()!);
        }

        return rows;
    }

    /// <summary>
    /// Records each line it is given and returns it as a row; a line starting with "bad" is unparseable. A hand-written
    /// double because Moq cannot intercept the <see cref="ReadOnlySpan{T}"/> argument of <see cref="IInputRowParser.Parse(ReadOnlySpan{byte})"/>.
    /// </summary>
    private sealed class RecordingParser : IInputRowParser
    {
        public List<string> Lines { get; } = [];

        public InputRow? Parse(ReadOnlySpan<byte> utf8)
        {
            var line = Encoding.UTF8.GetString(utf8);
            Lines.Add(line);
            return line.StartsWith("bad", StringComparison.Ordinal)
                ? throw new ParseException($"'{line}' is not a good line", line)
                : new MapInputRow(0, ["line"], new Dictionary<string, object?> { ["line"] = line });
        }

        public InputRow? Parse(IReadOnlyDictionary<string, object?> fields) => throw new NotSupportedException("The log-tail firehose sends bytes.");
    }
}
