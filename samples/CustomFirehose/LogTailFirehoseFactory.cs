using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Time;

namespace Realtime.Samples.CustomFirehose;

/// <summary>
/// The <c>log-tail</c> firehose: reads a text file line by line, like <c>tail -f</c>, and hands each line's bytes to the
/// pipeline's parser (for example a <c>regex</c> parse spec for access logs).
/// </summary>
/// <remarks>
/// <para>Commit metadata is <c>{"logFile": full path, "offset": bytes}</c>: the byte offset just after the last line
/// handed to the pipeline. The node stores it with each persist and returns it on the next start, so a restarted node
/// resumes exactly there: lines already persisted are not read again, and lines read but lost in a crash are read
/// again.</para>
/// <para>A line is handed out only once its newline has arrived, so a half-written line is never parsed. A file that
/// has become shorter than the resume offset (truncated or replaced) is read again from its start.</para>
/// </remarks>
public sealed class LogTailFirehoseFactory : IFirehoseFactory
{
    /// <summary>The file to read; a relative path is taken from the node's working directory.</summary>
    public required string LogFile { get; init; }

    /// <summary>Whether to keep waiting for new lines at the end of the file (true) or to end there (false).</summary>
    public bool Follow { get; init; } = true;

    /// <summary>How often the end of the file is checked for new lines while following.</summary>
    [JsonConverter(typeof(IsoPeriodJsonConverter))]
    public TimeSpan PollPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A file each commit overwrites with the committed offset, for operators and scripts that watch progress.
    /// The node resumes from the commit metadata, never from this file.
    /// </summary>
    public string? PositionFile { get; init; }

    /// <inheritdoc />
    /// <exception cref="FileNotFoundException"><see cref="LogFile"/> does not exist.</exception>
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PollPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The log-tail firehose's pollPeriod must be positive; got {PollPeriod}.");
        }

        var path = Path.GetFullPath(LogFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The log-tail firehose's logFile {path} does not exist.", path);
        }

        var logger = context.LoggerFactory.CreateLogger<LogTailFirehoseFactory>();
        var start = ResumeOffset(TailPosition.Read(context.LastCommitMetadata), path, new FileInfo(path).Length, logger);
        var positionFile = PositionFile is null ? null : Path.GetFullPath(PositionFile);
        return new(new LogTailFirehose(parser, path, start, Follow, PollPeriod, positionFile, logger));
    }

    private static long ResumeOffset(TailPosition? committed, string path, long length, ILogger logger)
    {
        if (committed is null)
        {
            LogTailLog.ReadingFromStart(logger, path);
            return 0;
        }

        if (committed.LogFile != path)
        {
            LogTailLog.OtherFileCommitted(logger, committed.LogFile, path);
            return 0;
        }

        if (committed.Offset > length)
        {
            LogTailLog.FileShrank(logger, path, committed.Offset, length);
            return 0;
        }

        LogTailLog.Resuming(logger, path, committed.Offset);
        return committed.Offset;
    }
}
