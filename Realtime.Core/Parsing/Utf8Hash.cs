using System.Buffers.Binary;
using System.Numerics;

namespace Realtime.Core.Parsing;

/// <summary>A fast, non-cryptographic hash of short UTF-8 strings, for the parser's lookup tables.</summary>
internal static class Utf8Hash
{
    /// <summary>Hashes the bytes eight at a time.</summary>
    public static int Of(ReadOnlySpan<byte> utf8)
    {
        var h = (ulong)utf8.Length * 0x9E3779B97F4A7C15UL;
        var i = 0;
        for (; i + 8 <= utf8.Length; i += 8)
        {
            h = BitOperations.RotateLeft(h ^ (BinaryPrimitives.ReadUInt64LittleEndian(utf8[i..]) * 0xFF51AFD7ED558CCDUL), 29) * 0x9E3779B97F4A7C15UL;
        }

        if (i < utf8.Length)
        {
            ulong tail;
            if (utf8.Length >= 8)
            {
                // The last eight bytes, overlapping the words already mixed in.
                tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
            }
            else
            {
                tail = 0;
                for (var k = utf8.Length - 1; k >= 0; k--)
                {
                    tail = (tail << 8) | utf8[k];
                }
            }

            h = BitOperations.RotateLeft(h ^ (tail * 0xFF51AFD7ED558CCDUL), 29) * 0x9E3779B97F4A7C15UL;
        }

        h ^= h >> 32;
        return (int)h;
    }
}
