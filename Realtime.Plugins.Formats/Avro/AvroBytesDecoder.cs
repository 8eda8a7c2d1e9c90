using System.Buffers.Binary;
using Avro;
using Avro.Generic;
using Avro.IO;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>
/// The <c>avro_stream</c> parser's <c>avroBytesDecoder</c>: how a message's writer schema is found
/// (<c>schema_registry</c>, <c>schema_inline</c>, <c>multiple_version</c>).
/// </summary>
[ComponentSlot("avroBytesDecoder")]
public abstract class AvroBytesDecoder
{
    /// <summary>Checks the spec and builds the decoder for one pipeline.</summary>
    /// <exception cref="ArgumentException">A field is missing or invalid; the message names it.</exception>
    internal abstract IRecordDecoder Create(AvroValues values, ILoggerFactory loggerFactory);

    /// <summary>Parses a record schema given in a spec field.</summary>
    /// <exception cref="ArgumentException">The schema is not valid Avro or not a record; the message names <paramref name="field"/>.</exception>
    private protected static Schema ParseSchema(string field, string json)
    {
        Schema? schema;
        try
        {
            schema = Schema.Parse(json);
        }
        catch (AvroException e)
        {
            throw new ArgumentException($"avro_stream parser: {field} is not a valid Avro schema: {e.Message}", e);
        }

        return schema as RecordSchema
            ?? throw new ArgumentException($"avro_stream parser: {field} must be an Avro record schema, not {schema?.Tag.ToString() ?? json}.");
    }

    /// <summary>Reads data written with one schema and turns each into a map.</summary>
    /// <remarks>The message bytes, the decoder and the previous record are reused: one ingest thread at a time.</remarks>
    private protected sealed class DatumReader
    {
        private readonly GenericDatumReader<object> _reader;
        private readonly AvroValues _values;
        private readonly MemoryStream _stream = new();
        private readonly BinaryDecoder _decoder;
        private object? _previous;

        public DatumReader(Schema schema, AvroValues values)
        {
            _reader = new GenericDatumReader<object>(schema, schema);
            _values = values;
            _decoder = new BinaryDecoder(_stream);
        }

        /// <exception cref="ParseException">The bytes do not hold a record of the schema.</exception>
        public IReadOnlyDictionary<string, object?> Read(ReadOnlySpan<byte> avro, string schemaName)
        {
            object? datum;
            _stream.SetLength(0);
            _stream.Write(avro);
            _stream.Position = 0;
            try
            {
                datum = _reader.Read(_previous!, _decoder);
            }
            catch (Exception e) when (e is AvroException or EndOfStreamException or IOException or InvalidCastException or ArgumentException or OverflowException)
            {
                throw new ParseException($"Malformed Avro datum for {schemaName}: {e.Message}", inner: e);
            }

            var fields = _values.Record(datum);
            _previous = datum;
            return fields;
        }
    }

    /// <summary>The schema id after a marker byte: Confluent's magic byte 0, or the version byte 1 of <c>multiple_version</c>.</summary>
    /// <exception cref="ParseException">The message is too short or starts with another byte.</exception>
    private protected static int SchemaId(ReadOnlySpan<byte> message, byte marker, string what)
    {
        if (message.Length < 5)
        {
            throw new ParseException($"An Avro message of {message.Length} bytes is too short for {what}: it needs a byte {marker} and a 4-byte schema id.");
        }

        if (message[0] != marker)
        {
            throw new ParseException($"An Avro message starts with byte {message[0]}, not {marker} as {what} requires.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(message[1..5]);
    }
}
