using System.Text.Json;

namespace Realtime.Samples.CustomPlumber;

/// <summary>
/// The plumber's commit point, <c>commit.json</c>: the firehose position and, per segment interval, the persisted
/// pieces that hold every row read before that position. Pieces on disk that it does not list are not committed.
/// </summary>
/// <param name="Firehose">The firehose's commit metadata, or null before the first commit.</param>
/// <param name="Sinks">Persisted piece numbers by segment interval (ISO-8601).</param>
internal sealed record CommitFile(JsonElement? Firehose, IReadOnlyDictionary<string, int[]> Sinks)
{
    /// <summary>The file name inside the plumber's persist directory.</summary>
    public const string Name = "commit.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the commit file, or returns an empty commit when there is none yet.</summary>
    /// <exception cref="InvalidDataException">The file is not a commit file; the message names it.</exception>
    public static CommitFile Read(string path)
    {
        if (!File.Exists(path))
        {
            return new CommitFile(null, new Dictionary<string, int[]>());
        }

        try
        {
            return JsonSerializer.Deserialize<CommitFile>(File.ReadAllBytes(path), JsonOptions)
                ?? throw new InvalidDataException($"{path} holds null instead of a commit.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a csv plumber commit file: {e.Message}", e);
        }
    }

    /// <summary>Replaces the commit file atomically, flushed to disk before it takes the old one's place.</summary>
    public void Write(string path)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, JsonOptions);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
