using System.IO.Compression;
using Realtime.Abstractions.Parsing;

namespace Realtime.Abstractions.Sdk;

/// <summary>Opens files of lines for a firehose, decompressing gzip by name or by content encoding.</summary>
/// <remarks>Added in contracts 1.2.</remarks>
public static class LineFiles
{
    /// <summary>Whether <paramref name="name"/> (a path or a URI path) names a gzip file.</summary>
    public static bool IsGzipName(string name) => name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens <paramref name="path"/> for one sequential read of its lines.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="name">The name that decides gzip by its <c>.gz</c> ending: the path itself unless the file stands for another source, such as a downloaded object.</param>
    /// <param name="contentEncodedGzip">Whether the content was gzip-encoded in transit on top of what its name says.</param>
    public static Utf8LineReader Open(string path, string? name = null, bool contentEncodedGzip = false)
    {
        Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        if (contentEncodedGzip)
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        if (IsGzipName(name ?? path))
        {
            stream = new GZipStream(stream, CompressionMode.Decompress);
        }

        return new Utf8LineReader(stream);
    }
}
