using Realtime.Abstractions.Plumbing;

namespace Realtime.Samples.CustomPlumber;

/// <summary>
/// The <c>csv</c> plumber: rolls rows up in the node's own index, one sink per segment interval, and when a segment
/// is finished writes its rolled-up rows to <c>&lt;outputDirectory&gt;/&lt;dataSource&gt;/&lt;interval&gt;.csv</c>.
/// Nothing is pushed to deep storage or published.
/// </summary>
/// <remarks>
/// A segment is finished when the rejection policy's current time has passed the end of its interval by the window
/// period, or when the firehose ends. Without a <c>rejectionPolicy</c> in the tuning config every row is accepted and
/// files are written when the firehose ends. Each interval's file is written exactly once: rows for an interval
/// whose file exists are thrown away. Until its file is written a segment's rows are queryable; afterwards they live
/// only in the file.
/// </remarks>
public sealed class CsvPlumberSchool : IPlumberSchool
{
    /// <summary>Where the CSV files go; a relative path is taken from the node's working directory.</summary>
    public required string OutputDirectory { get; init; }

    /// <inheritdoc />
    public IPlumber FindPlumber(PlumberContext context)
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
        {
            throw new ArgumentException("The csv plumber's outputDirectory is required.");
        }

        return new CsvPlumber(context, Path.GetFullPath(OutputDirectory));
    }
}
