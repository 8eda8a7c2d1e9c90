using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Firehoses;

namespace Realtime.Core.Tests.Firehoses;

/// <summary>
/// Measures how fast the local firehose hands lines to a parser that does no work, plain and gzipped. Run on demand:
/// <c>dotnet test tests/Realtime.Core.Tests --filter Name~Local_firehose_throughput</c>; figures go to the test output.
/// </summary>
[Explicit("Measurement, run on demand")]
public sealed class LocalFirehoseThroughputTests
{
    private const int Lines = 1_000_000;

    [TestCase(false)]
    [TestCase(true)]
    public async Task Local_firehose_throughput(bool gzip)
    {
        var dir = Directory.CreateTempSubdirectory("realtime-throughput-").FullName;
        try
        {
            var bytes = Write(Path.Combine(dir, gzip ? "events.json.gz" : "events.json"), gzip);
            var parser = new CountingParser();
            var factory = new LocalFirehoseFactory { BaseDir = dir, Filter = "events.*" };

            var watch = Stopwatch.StartNew();
            await using (var firehose = await factory.ConnectAsync(parser, FirehoseContexts.Create(), CancellationToken.None))
            {
                while (await firehose.HasMoreAsync(CancellationToken.None))
                {
                    firehose.NextRow();
                }
            }

            watch.Stop();
            Assert.That(parser.Messages, Is.EqualTo(Lines));
            TestContext.Out.WriteLine(
                $"{(gzip ? "gzip" : "plain")}: {Lines:N0} lines, {bytes / 1e6:F0} MB in {watch.Elapsed.TotalSeconds:F2} s = " +
                $"{Lines / watch.Elapsed.TotalSeconds:N0} lines/s, {bytes / 1e6 / watch.Elapsed.TotalSeconds:F0} MB/s");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Writes wikipedia-like events of about 350 bytes; returns the uncompressed size.</summary>
    private static long Write(string path, bool gzip)
    {
        using Stream file = File.Create(path);
        using var output = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16);
        long bytes = 0;
        for (var i = 0; i < Lines; i++)
        {
            var line = $$"""{"timestamp":"2013-08-31T01:{{i / 60 % 60:D2}}:{{i % 60:D2}}Z","page":"Page {{i % 5000}}","language":"en","user":"user{{i % 1000}}","unpatrolled":"true","newPage":"false","robot":"false","anonymous":"false","namespace":"article","continent":"North America","country":"United States","region":"Bay Area","city":"San Francisco","added":{{i % 100}},"deleted":{{i % 7}},"delta":{{i % 93}}}""";
            writer.Write(line);
            writer.Write('\n');
            bytes += Encoding.UTF8.GetByteCount(line) + 1;
        }

        return bytes;
    }

    private sealed class CountingParser : IInputRowParser
    {
        public int Messages { get; private set; }

        public InputRow? Parse(ReadOnlySpan<byte> utf8)
        {
            Messages++;
            return null;
        }

        public InputRow? Parse(IReadOnlyDictionary<string, object?> fields) => throw new NotSupportedException();
    }
}
