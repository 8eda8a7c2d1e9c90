using System.Buffers.Binary;
using System.Numerics;

namespace Realtime.Core.Aggregation;

/// <summary>
/// The XXH64 hash (Yann Collet's xxHash, 64-bit variant), computed incrementally. Used for HyperLogLog
/// value hashes and persisted-index checksums.
/// </summary>
/// <remarks>
/// Written here because <c>System.IO.Hashing</c> is not in the package mirror this project builds from; the
/// results match the reference algorithm (checked against its published test vectors).
/// </remarks>
internal struct XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime3 = 0x165667B19E3779F9UL;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63UL;
    private const ulong Prime5 = 0x27D4EB2F165667C5UL;
    private const int StripeLength = 32;

    private readonly ulong _seed;
    private ulong _v1, _v2, _v3, _v4;
    private ulong _length;
    private Stripe _pending;
    private int _pendingLength;

    /// <summary>Starts a hash with the given seed.</summary>
    public XxHash64(ulong seed)
    {
        _seed = seed;
        _v1 = seed + Prime1 + Prime2;
        _v2 = seed + Prime2;
        _v3 = seed;
        _v4 = seed - Prime1;
    }

    /// <summary>The hash of <paramref name="data"/> in one call.</summary>
    public static ulong Hash(ReadOnlySpan<byte> data, ulong seed = 0)
    {
        var hash = new XxHash64(seed);
        hash.Append(data);
        return hash.Digest();
    }

    /// <summary>Adds bytes to the hashed input.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        _length += (ulong)data.Length;
        Span<byte> pending = _pending;
        if (_pendingLength > 0)
        {
            var take = Math.Min(StripeLength - _pendingLength, data.Length);
            data[..take].CopyTo(pending[_pendingLength..]);
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < StripeLength)
            {
                return;
            }

            ConsumeStripe(pending);
            _pendingLength = 0;
        }

        while (data.Length >= StripeLength)
        {
            ConsumeStripe(data);
            data = data[StripeLength..];
        }

        data.CopyTo(pending);
        _pendingLength = data.Length;
    }

    /// <summary>The hash of everything appended so far; more data may still be appended afterwards.</summary>
    public readonly ulong Digest()
    {
        ulong hash;
        if (_length >= StripeLength)
        {
            hash = BitOperations.RotateLeft(_v1, 1) + BitOperations.RotateLeft(_v2, 7) +
                   BitOperations.RotateLeft(_v3, 12) + BitOperations.RotateLeft(_v4, 18);
            hash = MergeRound(hash, _v1);
            hash = MergeRound(hash, _v2);
            hash = MergeRound(hash, _v3);
            hash = MergeRound(hash, _v4);
        }
        else
        {
            hash = _seed + Prime5;
        }

        hash += _length;
        var stripe = _pending;
        ReadOnlySpan<byte> rest = ((ReadOnlySpan<byte>)stripe)[.._pendingLength];
        while (rest.Length >= 8)
        {
            hash ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(rest));
            hash = BitOperations.RotateLeft(hash, 27) * Prime1 + Prime4;
            rest = rest[8..];
        }

        if (rest.Length >= 4)
        {
            hash ^= BinaryPrimitives.ReadUInt32LittleEndian(rest) * Prime1;
            hash = BitOperations.RotateLeft(hash, 23) * Prime2 + Prime3;
            rest = rest[4..];
        }

        foreach (var b in rest)
        {
            hash ^= b * Prime5;
            hash = BitOperations.RotateLeft(hash, 11) * Prime1;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        hash *= Prime3;
        hash ^= hash >> 32;
        return hash;
    }

    private void ConsumeStripe(ReadOnlySpan<byte> stripe)
    {
        _v1 = Round(_v1, BinaryPrimitives.ReadUInt64LittleEndian(stripe));
        _v2 = Round(_v2, BinaryPrimitives.ReadUInt64LittleEndian(stripe[8..]));
        _v3 = Round(_v3, BinaryPrimitives.ReadUInt64LittleEndian(stripe[16..]));
        _v4 = Round(_v4, BinaryPrimitives.ReadUInt64LittleEndian(stripe[24..]));
    }

    private static ulong Round(ulong accumulator, ulong input)
    {
        accumulator += input * Prime2;
        accumulator = BitOperations.RotateLeft(accumulator, 31);
        return accumulator * Prime1;
    }

    private static ulong MergeRound(ulong accumulator, ulong value)
    {
        accumulator ^= Round(0, value);
        return accumulator * Prime1 + Prime4;
    }

    [System.Runtime.CompilerServices.InlineArray(StripeLength)]
    private struct Stripe
    {
        private byte _element;
    }
}
