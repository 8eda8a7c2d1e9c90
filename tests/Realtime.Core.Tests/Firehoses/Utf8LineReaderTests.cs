using System.Text;
using Realtime.Abstractions.Parsing;

namespace Realtime.Core.Tests.Firehoses;

public sealed class Utf8LineReaderTests
{
    [TestCase(16)]
    [TestCase(4096)]
    public void Lines_match_splitting_the_text_with_blank_lines_and_carriage_returns_removed(int bufferSize)
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            text.Append(random.Next(6) switch
            {
                0 => "",
                1 => "  \t",
                _ => new string((char)('a' + random.Next(26)), random.Next(1, 70)) + " é€",
            });
            text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
        }

        text.Append("last line without newline");
        var expected = text.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();

        Assert.That(ReadAll(text.ToString(), bufferSize), Is.EqualTo(expected));
    }

    [Test]
    public void Line_numbers_count_blank_lines()
    {
        using var reader = new Utf8LineReader(new MemoryStream("a\n\n  \nb\n"u8.ToArray()));

        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(reader.LineNumber, Is.EqualTo(1));
        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(reader.LineNumber, Is.EqualTo(4));
        Assert.That(Encoding.UTF8.GetString(reader.Current), Is.EqualTo("b"));
        Assert.That(reader.MoveNext(), Is.False);
    }

    [Test]
    public void A_line_longer_than_the_buffer_grows_it()
    {
        var longLine = new string('x', 100_000);

        Assert.That(ReadAll($"short\n{longLine}\nafter", 1024), Is.EqualTo(new[] { "short", longLine, "after" }));
    }

    [Test]
    public void A_byte_order_mark_at_the_start_is_removed()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat("first\nsecond"u8.ToArray()).ToArray();
        using var reader = new Utf8LineReader(new MemoryStream(bytes));

        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(Encoding.UTF8.GetString(reader.Current), Is.EqualTo("first"));
    }

    [TestCase("")]
    [TestCase("\n\n\r\n")]
    public void Empty_or_blank_input_has_no_lines(string text)
    {
        Assert.That(ReadAll(text, 16), Is.Empty);
    }

    private static List<string> ReadAll(string text, int bufferSize)
    {
        using var reader = new Utf8LineReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), bufferSize);
        var lines = new List<string>();
        while (reader.MoveNext())
        {
            lines.Add(Encoding.UTF8.GetString(reader.Current));
        }

        return lines;
    }
}
