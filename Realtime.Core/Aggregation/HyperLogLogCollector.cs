using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Realtime.Core.Aggregation;

/// <summary>
/// A HyperLogLog sketch of distinct values (the state of a <c>hyperUnique</c> metric): 2^11 = 2048 registers,
/// 64-bit XXH64 value hashes, a standard error of about 1.04/√2048 ≈ 2.3%.
/// </summary>
/// <remarks>
/// Written here because the package mirror this project builds from has no HyperLogLog library. Small sketches
/// keep only their non-zero registers (sparse) and switch to one byte per register once they pass 256 of
/// them. Not thread-safe: an index folds values under its own lock, and readers must not modify a sketch they
/// did not create.
/// </remarks>
public sealed class HyperLogLogCollector
{
    /// <summary>The number of hash bits that choose a register.</summary>
    public const int RegisterBits = 11;

    /// <summary>The number of registers.</summary>
    public const int RegisterCount = 1 << RegisterBits;

    private const int MaxSparseEntries = 256;
    private const byte FormatVersion = 1;
    private const byte SparseKind = 0;
    private const byte DenseKind = 1;

    private byte[]? _dense;
    private int[] _sparse = [];
    private int _sparseCount;

    /// <summary>Adds a value; null is ignored, as Druid ignores null inputs.</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Encoding.UTF8.GetBytes(value, buffer);
        AddHash(System.IO.Hashing.XxHash64.HashToUInt64(buffer[..length]));
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Adds a value by its 64-bit hash.</summary>
    public void AddHash(ulong hash)
    {
        var register = (int)(hash >> (64 - RegisterBits));
        var rank = (byte)Math.Min(BitOperations.LeadingZeroCount(hash << RegisterBits) + 1, 64 - RegisterBits + 1);
        Raise(register, rank);
    }

    /// <summary>Folds another sketch into this one (register-wise maximum).</summary>
    public void Fold(HyperLogLogCollector other)
    {
        if (other._dense is { } dense)
        {
            for (var i = 0; i < dense.Length; i++)
            {
                if (dense[i] != 0)
                {
                    Raise(i, dense[i]);
                }
            }

            return;
        }

        for (var i = 0; i < other._sparseCount; i++)
        {
            Raise(other._sparse[i] >> 8, (byte)other._sparse[i]);
        }
    }

    /// <summary>The estimated number of distinct values added.</summary>
    public double Estimate()
    {
        const double m = RegisterCount;
        var alpha = 0.7213 / (1 + 1.079 / m);
        double sum = 0;
        var zeros = 0;
        if (_dense is { } dense)
        {
            foreach (var value in dense)
            {
                sum += Math.ScaleB(1.0, -value);
                zeros += value == 0 ? 1 : 0;
            }
        }
        else
        {
            zeros = RegisterCount - _sparseCount;
            sum = zeros;
            for (var i = 0; i < _sparseCount; i++)
            {
                sum += Math.ScaleB(1.0, -(byte)_sparse[i]);
            }
        }

        var estimate = alpha * m * m / sum;
        return estimate <= 2.5 * m && zeros > 0 ? m * Math.Log(m / zeros) : estimate;
    }

    /// <summary>An independent copy of the sketch.</summary>
    public HyperLogLogCollector Clone()
    {
        var copy = new HyperLogLogCollector();
        copy.Fold(this);
        return copy;
    }

    /// <summary>The number of bytes <see cref="WriteTo"/> writes.</summary>
    public int SerializedLength => _dense is null ? 4 + 3 * _sparseCount : 2 + RegisterCount;

    /// <summary>An estimate of the memory the sketch holds, for index size limits.</summary>
    public long EstimatedBytes => 40 + (_dense?.Length ?? 0) + 4L * _sparse.Length;

    /// <summary>Writes the sketch: a version byte, a kind byte, then sparse (index, value) entries or all registers.</summary>
    public void WriteTo(Span<byte> destination)
    {
        destination[0] = FormatVersion;
        if (_dense is { } dense)
        {
            destination[1] = DenseKind;
            dense.CopyTo(destination[2..]);
            return;
        }

        destination[1] = SparseKind;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], (ushort)_sparseCount);
        for (var i = 0; i < _sparseCount; i++)
        {
            var at = destination.Slice(4 + 3 * i, 3);
            BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(_sparse[i] >> 8));
            at[2] = (byte)_sparse[i];
        }
    }

    /// <summary>The serialized sketch as a new array.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[SerializedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Reads a sketch written by <see cref="WriteTo"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a serialized sketch.</exception>
    public static HyperLogLogCollector FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2 || bytes[0] != FormatVersion)
        {
            throw new InvalidDataException("Not a serialized hyperUnique sketch (unknown version byte).");
        }

        var collector = new HyperLogLogCollector();
        if (bytes[1] == DenseKind && bytes.Length == 2 + RegisterCount)
        {
            for (var i = 0; i < RegisterCount; i++)
            {
                if (bytes[2 + i] != 0)
                {
                    collector.Raise(i, bytes[2 + i]);
                }
            }

            return collector;
        }

        if (bytes[1] != SparseKind || bytes.Length < 4 || bytes.Length != 4 + 3 * BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]))
        {
            throw new InvalidDataException("Not a serialized hyperUnique sketch (bad length).");
        }

        for (var at = 4; at < bytes.Length; at += 3)
        {
            var register = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            if (register >= RegisterCount)
            {
                throw new InvalidDataException("Not a serialized hyperUnique sketch (register out of range).");
            }

            collector.Raise(register, bytes[at + 2]);
        }

        return collector;
    }

    /// <summary>The estimate, for logs and test output.</summary>
    public override string ToString() => Estimate().ToString("F1", CultureInfo.InvariantCulture);

    private void Raise(int register, byte rank)
    {
        if (_dense is { } dense)
        {
            if (rank > dense[register])
            {
                dense[register] = rank;
            }

            return;
        }

        var position = BinarySearch(register);
        if (position >= 0)
        {
            if (rank > (byte)_sparse[position])
            {
                _sparse[position] = (register << 8) | rank;
            }

            return;
        }

        position = ~position;
        if (_sparseCount == MaxSparseEntries)
        {
            ToDense();
            _dense![register] = rank;
            return;
        }

        if (_sparseCount == _sparse.Length)
        {
            Array.Resize(ref _sparse, Math.Max(4, _sparse.Length * 2));
        }

        Array.Copy(_sparse, position, _sparse, position + 1, _sparseCount - position);
        _sparse[position] = (register << 8) | rank;
        _sparseCount++;
    }

    private int BinarySearch(int register)
    {
        int low = 0, high = _sparseCount - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var found = _sparse[mid] >> 8;
            if (found == register)
            {
                return mid;
            }

            if (found < register)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private void ToDense()
    {
        var dense = new byte[RegisterCount];
        for (var i = 0; i < _sparseCount; i++)
        {
            dense[_sparse[i] >> 8] = (byte)_sparse[i];
        }

        _dense = dense;
        _sparse = [];
        _sparseCount = 0;
    }
}
