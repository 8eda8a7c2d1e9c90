using System.IO.Compression;
using System.Text;
using Realtime.Abstractions.Sdk;

namespace Realtime.Abstractions.Tests.Sdk;

public class LineFilesTests
{
    private string _directory = "";

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("line-files-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void A_plain_file_is_read_line_by_line()
    {
        var path = Write("events.json", Encoding.UTF8.GetBytes("one\ntwo\n"));

        Assert.That(ReadAll(LineFiles.Open(path)), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void A_gz_name_is_decompressed()
    {
        var path = Write("events.json.gz", Gzip(Encoding.UTF8.GetBytes("one\ntwo\n")));

        Assert.That(ReadAll(LineFiles.Open(path)), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void A_download_is_decompressed_by_the_name_it_stands_for_and_by_its_content_encoding()
    {
        var path = Write("object-0", Gzip(Gzip(Encoding.UTF8.GetBytes("one\n"))));

        Assert.That(ReadAll(LineFiles.Open(path, name: "/data/events.json.gz", contentEncodedGzip: true)), Is.EqualTo(new[] { "one" }));
    }

    [TestCase("a.gz", true)]
    [TestCase("a.GZ", true)]
    [TestCase("a.json", false)]
    [TestCase("gz", false)]
    public void Gzip_names_end_in_gz(string name, bool gzip) => Assert.That(LineFiles.IsGzipName(name), Is.EqualTo(gzip));

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionMode.Compress))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static List<string> ReadAll(Parsing.Utf8LineReader lines)
    {
        using (lines)
        {
            var read = new List<string>();
            while (lines.MoveNext())
            {
                read.Add(Encoding.UTF8.GetString(lines.Current));
            }

            return read;
        }
    }
}
