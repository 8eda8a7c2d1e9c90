using NUnit.Framework;
using System.Text;
using Realtime.Core.Aggregation;

namespace Realtime.Core.Tests.Aggregation;

public class XxHash64Tests
{
    // Published XXH64 test vectors (seed 0).
    [TestCase("", 0xEF46DB3751D8E999UL)]
    [TestCase("a", 0xD24EC4F1A98C6E5BUL)]
    [TestCase("abc", 0x44BC2CF5AD770999UL)]
    public void Hash_MatchesReferenceVectors(string input, ulong expected) =>
        Assert.That(XxHash64.Hash(Encoding.ASCII.GetBytes(input)), Is.EqualTo(expected));

    [Test]
    public void Append_InPiecesEqualsOneShot([Values(1, 7, 31, 32, 33, 100)] int pieceLength)
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 + 7)).ToArray();
        var hash = new XxHash64(0);
        for (var at = 0; at < data.Length; at += pieceLength)
        {
            hash.Append(data.AsSpan(at, Math.Min(pieceLength, data.Length - at)));
        }

        Assert.That(hash.Digest(), Is.EqualTo(XxHash64.Hash(data)));
    }

    [Test]
    public void Hash_DependsOnSeedAndEveryByte()
    {
        var data = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        var baseline = XxHash64.Hash(data);
        Assert.That(XxHash64.Hash(data, 1), Is.Not.EqualTo(baseline));
        data[63] ^= 1;
        Assert.That(XxHash64.Hash(data), Is.Not.EqualTo(baseline));
    }
}
