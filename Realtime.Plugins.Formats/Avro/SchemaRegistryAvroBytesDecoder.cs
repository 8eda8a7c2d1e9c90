using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Confluent.SchemaRegistry;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Formats.Avro;

/// <summary>
/// The <c>schema_registry</c> decoder: messages in Confluent's wire format (a byte 0, the 4-byte big-endian schema id,
/// the Avro datum), their schemas fetched from a Confluent schema registry and cached.
/// </summary>
/// <remarks>
/// A schema id the registry does not know, or a registry that cannot be reached after the client's retries, makes
/// the message unparseable; the next message with that id asks the registry again.
/// </remarks>
public sealed class SchemaRegistryAvroBytesDecoder : AvroBytesDecoder
{
    private const string Prefix = "schema.registry.";

    /// <summary>The registry's URL.</summary>
    public string? Url { get; init; }

    /// <summary>Several URLs of the registry, tried in turn.</summary>
    public IReadOnlyList<string>? Urls { get; init; }

    /// <summary>How many schemas the client caches; the client's default when absent.</summary>
    public int? Capacity { get; init; }

    /// <summary>Client properties, with or without the <c>schema.registry.</c> prefix, for example <c>basic.auth.user.info</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Config { get; init; }

    /// <summary>HTTP headers of requests to the registry; only <c>Authorization</c> is supported.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <inheritdoc />
    internal override IRecordDecoder Create(AvroValues values, ILoggerFactory loggerFactory)
    {
        const string path = "parser.avroBytesDecoder";
        var urls = (Urls ?? []).Concat(Url is null ? [] : [Url]).Where(u => !string.IsNullOrWhiteSpace(u)).ToList();
        if (urls.Count == 0)
        {
            throw new ArgumentException($"avro_stream parser: {path}.url or {path}.urls is required for schema_registry.");
        }

        if (Capacity is <= 0)
        {
            throw new ArgumentException($"avro_stream parser: {path}.capacity must be positive, not {Capacity}.");
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Config ?? new Dictionary<string, JsonElement>())
        {
            config[name.StartsWith(Prefix, StringComparison.Ordinal) ? name : Prefix + name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => throw new ArgumentException($"avro_stream parser: {path}.config.{name} must be a string, number or boolean."),
            };
        }

        var joined = string.Join(",", urls);
        config[SchemaRegistryConfig.PropertyNames.SchemaRegistryUrl] = joined;
        if (Capacity is { } capacity)
        {
            config[SchemaRegistryConfig.PropertyNames.SchemaRegistryMaxCachedSchemas] = capacity.ToString(CultureInfo.InvariantCulture);
        }

        var authorization = Authorization(path);
        CachedSchemaRegistryClient client;
        try
        {
            client = new CachedSchemaRegistryClient(config, authorization);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"avro_stream parser: {path}.config: {e.Message}", e);
        }

        return new Decoder(client, values, joined, loggerFactory.CreateLogger<SchemaRegistryAvroBytesDecoder>());
    }

    private AuthorizationHeader? Authorization(string path)
    {
        AuthorizationHeader? authorization = null;
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            if (!string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"avro_stream parser: {path}.headers.{name} is not supported: the registry client sends only an Authorization header.");
            }

            if (!AuthenticationHeaderValue.TryParse(value, out var parsed))
            {
                throw new ArgumentException($"avro_stream parser: {path}.headers.{name} is not a valid Authorization header.");
            }

            authorization = new AuthorizationHeader(parsed);
        }

        return authorization;
    }

    private sealed class AuthorizationHeader(AuthenticationHeaderValue value) : IAuthenticationHeaderValueProvider
    {
        public AuthenticationHeaderValue GetAuthenticationHeader() => value;
    }

    private sealed class Decoder(CachedSchemaRegistryClient client, AvroValues values, string urls, ILogger logger) : IRecordDecoder
    {
        private readonly Dictionary<int, DatumReader> _readers = [];

        public IReadOnlyDictionary<string, object?> Decode(ReadOnlySpan<byte> message)
        {
            var id = SchemaId(message, 0, "Confluent's wire format");
            if (!_readers.TryGetValue(id, out var reader))
            {
                reader = Fetch(id);
                _readers[id] = reader;
            }

            return reader.Read(message[5..], $"schema id {id}");
        }

        private DatumReader Fetch(int id)
        {
            Schema schema;
            try
            {
                schema = client.GetSchemaAsync(id).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is SchemaRegistryException or HttpRequestException or TaskCanceledException)
            {
                FormatsLog.SchemaNotFetched(logger, id, urls, e.Message);
                var problem = e is SchemaRegistryException { Status: System.Net.HttpStatusCode.NotFound }
                    ? "does not know it"
                    : $"could not be asked ({e.Message})";
                throw new ParseException($"Avro schema id {id}: the schema registry at {urls} {problem}.", inner: e);
            }

            if (schema.SchemaType != SchemaType.Avro)
            {
                throw new ParseException($"Schema id {id} of the schema registry at {urls} is a {schema.SchemaType} schema, not Avro.");
            }

            var parsed = ParseFetched(id, schema.SchemaString);
            FormatsLog.SchemaFetched(logger, id, parsed.Fullname, urls);
            return new DatumReader(parsed, values);
        }

        private global::Avro.Schema ParseFetched(int id, string json)
        {
            try
            {
                return global::Avro.Schema.Parse(json);
            }
            catch (global::Avro.AvroException e)
            {
                throw new ParseException($"Schema id {id} of the schema registry at {urls} is not a valid Avro schema: {e.Message}", inner: e);
            }
        }
    }
}
