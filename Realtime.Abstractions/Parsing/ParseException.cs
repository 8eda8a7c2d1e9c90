namespace Realtime.Abstractions.Parsing;

/// <summary>An input message could not be turned into a row. The message names the field and quotes the input.</summary>
public class ParseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ParseException(string message, string? input = null, Exception? inner = null) : base(message, inner) => Input = input;

    /// <summary>The offending input, possibly shortened, for logs and error replies.</summary>
    public string? Input { get; }
}
