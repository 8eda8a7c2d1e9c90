using System.Text;

namespace Realtime.Core.Parsing;

/// <summary>
/// Remembers the strings of short, repeated field values (languages, countries, flags) so that decoding them
/// neither allocates nor transcodes, and rows share one instance per value. Each field's previous value is
/// tried first; then a direct-mapped table, where a new value replaces whatever shared its slot.
/// </summary>
/// <remarks>
/// Each field keeps score: a field whose values rarely repeat (names, ids, times) stops using the cache, so
/// it neither pays for lookups nor evicts the values that do repeat. Used by one ingest thread at a time.
/// </remarks>
internal sealed class Utf8StringCache
{
    /// <summary>The longest value, in bytes, that is cached.</summary>
    public const int MaxLength = 32;

    private const int Slots = 4096;
    private const int Trial = 2048;

    private readonly byte[] _keys = new byte[Slots * MaxLength];
    private readonly byte[] _lengths = new byte[Slots];
    private readonly string?[] _values = new string?[Slots];

    /// <summary>The string of <paramref name="utf8"/>, from the cache when <paramref name="field"/> still uses it.</summary>
    public string Get(ReadOnlySpan<byte> utf8, FieldName field)
    {
        if (!field.CachesValues || utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        if (field.TryGetLastValue(utf8, out var last))
        {
            field.ScoreValue(hit: true, Trial);
            return last;
        }

        var slot = Utf8Hash.Of(utf8) & (Slots - 1);
        var key = _keys.AsSpan(slot * MaxLength, utf8.Length);
        var cached = _values[slot];
        if (cached is not null && _lengths[slot] == utf8.Length && key.SequenceEqual(utf8))
        {
            field.ScoreValue(hit: true, Trial);
            field.SetLastValue(utf8, cached);
            return cached;
        }

        var text = Encoding.UTF8.GetString(utf8);
        utf8.CopyTo(key);
        _lengths[slot] = (byte)utf8.Length;
        _values[slot] = text;
        field.ScoreValue(hit: false, Trial);
        field.SetLastValue(utf8, text);
        return text;
    }
}
