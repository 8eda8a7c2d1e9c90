using System.Globalization;
using System.Text.RegularExpressions;

namespace Realtime.Samples.Tests;

/// <summary>A line of an access log in the common log format, as the sample specs read them.</summary>
internal sealed partial record AccessLogLine(DateTimeOffset Time, string Method, string Path, int Status, long Bytes)
{
    private const string TimeFormat = "dd/MMM/yyyy:HH:mm:ss zzz";

    /// <summary>The line as a web server writes it.</summary>
    public override string ToString()
    {
        var time = Time.ToString(TimeFormat, CultureInfo.InvariantCulture);
        return $"10.0.0.1 - - [{time.Remove(time.Length - 3, 1)}] \"{Method} {Path} HTTP/1.1\" {Status} {Bytes}";
    }

    /// <summary>Reads a line written in the common log format.</summary>
    public static AccessLogLine Parse(string line)
    {
        var match = Pattern().Match(line);
        Assert.That(match.Success, Is.True, line);
        var time = match.Groups["time"].Value;
        return new AccessLogLine(DateTimeOffset.ParseExact(time.Insert(time.Length - 2, ":"), TimeFormat, CultureInfo.InvariantCulture),
            match.Groups["method"].Value, match.Groups["path"].Value, int.Parse(match.Groups["status"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["bytes"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The sample spec shipped in <c>samples/specs</c>.</summary>
    public static string SampleSpec(string name) => File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "samples", "specs", name));

    [GeneratedRegex("""^\S+ \S+ \S+ \[(?<time>[^\]]+)\] "(?<method>\S+) (?<path>\S+) \S+" (?<status>\d+) (?<bytes>\d+)$""")]
    private static partial Regex Pattern();
}
