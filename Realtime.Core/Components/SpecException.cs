namespace Realtime.Core.Components;

/// <summary>A spec could not be read. The message names the source, the JSON path and what was wrong.</summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpecException(string source, string? jsonPath, string problem, long? line = null, Exception? inner = null)
        : base(Compose(source, jsonPath, problem, line), inner)
    {
        Source = source;
        JsonPath = jsonPath;
        Problem = problem;
    }

    /// <summary>The file or other origin of the spec.</summary>
    public new string Source { get; }

    /// <summary>Where in the JSON the problem is, for example <c>$[0].ioConfig.firehose</c>.</summary>
    public string? JsonPath { get; }

    /// <summary>What was wrong.</summary>
    public string Problem { get; }

    private static string Compose(string source, string? path, string problem, long? line) =>
        $"{source}{(path is null ? "" : $" at {path}")}{(line is null ? "" : $" (line {line + 1})")}: {problem}";
}
