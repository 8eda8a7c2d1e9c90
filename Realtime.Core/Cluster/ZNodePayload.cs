using System.IO.Compression;

namespace Realtime.Core.Cluster;

/// <summary>
/// Announcement bytes as Druid stores them: gzip of the JSON when compression is on (Druid's default), plain JSON
/// otherwise. Readers accept both, as Druid's do.
/// </summary>
public static class ZNodePayload
{
    /// <summary>The bytes to store for <paramref name="json"/>.</summary>
    public static byte[] Encode(byte[] json, bool compress)
    {
        if (!compress)
        {
            return json;
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }

    /// <summary>The JSON in stored bytes: gunzipped when they start with gzip's magic number, as they are otherwise.</summary>
    /// <exception cref="InvalidDataException">The bytes look like gzip but are not.</exception>
    public static byte[] Decode(byte[] stored)
    {
        if (stored is not [0x1f, 0x8b, ..])
        {
            return stored;
        }

        using var gzip = new GZipStream(new MemoryStream(stored), CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }
}
