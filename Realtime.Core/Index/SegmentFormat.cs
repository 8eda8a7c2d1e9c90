using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Realtime.Abstractions.Segments;

namespace Realtime.Core.Index;

/// <summary>File names, constants and the JSON metadata of a persisted index (see docs/segment-format.md).</summary>
internal static class SegmentFormat
{
    /// <summary>The metadata file; an index directory without it is incomplete.</summary>
    public const string MetadataFile = "meta.json";

    /// <summary>The columnar data file.</summary>
    public const string DataFile = "index.bin";

    /// <summary>The version written to, and required in, <see cref="MetadataFile"/>.</summary>
    public const int Version = 1;

    /// <summary>The suffix of files being written; they are renamed once complete and flushed.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>The first eight bytes of the data file.</summary>
    public static ReadOnlySpan<byte> Magic => "RTINDEX1"u8;

    /// <summary>How metadata is written and read.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A byte range of the data file.</summary>
/// <param name="Offset">Where the range starts (a multiple of 8).</param>
/// <param name="Length">Its length in bytes.</param>
internal sealed record Section(long Offset, long Length);

/// <summary>The contents of <c>meta.json</c>.</summary>
internal sealed class SegmentMetadata
{
    public int FormatVersion { get; set; }

    public string Interval { get; set; } = "";

    public int RowCount { get; set; }

    public bool Rollup { get; set; }

    public string DataFile { get; set; } = SegmentFormat.DataFile;

    public long DataLength { get; set; }

    public string DataChecksum { get; set; } = "";

    public Section Timestamps { get; set; } = new(0, 0);

    public List<DimensionMetadata> Dimensions { get; set; } = [];

    public List<MetricMetadata> Metrics { get; set; } = [];

    public JsonArray? Aggregators { get; set; }

    public JsonElement? CommitMetadata { get; set; }
}

/// <summary>One dimension in <c>meta.json</c>: its type and the sections of its columns.</summary>
internal sealed class DimensionMetadata
{
    public string Name { get; set; } = "";

    public ColumnType Type { get; set; }

    public bool HasMultipleValues { get; set; }

    public int Cardinality { get; set; }

    public bool HasNull { get; set; }

    public Section? DictionaryOffsets { get; set; }

    public Section? DictionaryBytes { get; set; }

    public Section? Ids { get; set; }

    public Section? RowOffsets { get; set; }

    public Section? InvertedOffsets { get; set; }

    public Section? InvertedRows { get; set; }

    public Section? Values { get; set; }
}

/// <summary>One metric in <c>meta.json</c>.</summary>
internal sealed class MetricMetadata
{
    public string Name { get; set; } = "";

    public ColumnType Type { get; set; }

    public string? ComplexTypeName { get; set; }

    public Section Values { get; set; } = new(0, 0);

    public Section? Offsets { get; set; }
}

/// <summary>Writes the data file: 8-byte aligned sections, hashed as they are written.</summary>
internal sealed class DataFileWriter : IDisposable
{
    private readonly FileStream _stream;
    private readonly System.IO.Hashing.XxHash64 _hash = new();

    public DataFileWriter(string path)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Persisted indexes are written little-endian and need a little-endian machine.");
        }

        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        WriteBytes(SegmentFormat.Magic);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => _stream.Position;

    /// <summary>The XXH64 of everything written, as 16 hex digits.</summary>
    public string Checksum => _hash.GetCurrentHashAsUInt64().ToString("x16");

    /// <summary>Writes values as a new section.</summary>
    public Section Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        Align();
        var start = _stream.Position;
        WriteBytes(MemoryMarshal.AsBytes(values));
        return new Section(start, _stream.Position - start);
    }

    /// <summary>Starts a section written in several pieces with <see cref="Append"/>.</summary>
    public long BeginSection()
    {
        Align();
        return _stream.Position;
    }

    /// <summary>Appends bytes to the current section.</summary>
    public void Append(ReadOnlySpan<byte> bytes) => WriteBytes(bytes);

    /// <summary>Ends a section begun at <paramref name="start"/>.</summary>
    public Section EndSection(long start) => new(start, _stream.Position - start);

    /// <summary>Writes buffered bytes and flushes the file to the disk.</summary>
    public void FlushToDisk() => _stream.Flush(flushToDisk: true);

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();

    private void Align()
    {
        Span<byte> zeros = stackalloc byte[8];
        zeros.Clear();
        var padding = (int)(-_stream.Position & 7);
        WriteBytes(zeros[..padding]);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _hash.Append(bytes);
        _stream.Write(bytes);
    }
}
