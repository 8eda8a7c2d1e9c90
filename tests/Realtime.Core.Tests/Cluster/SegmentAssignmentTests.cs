using Realtime.Core.Cluster;

namespace Realtime.Core.Tests.Cluster;

public class SegmentAssignmentTests
{
    private static readonly string[] Segments = [.. Enumerable.Range(0, 1000).Select(i => $"edits_2026-11-30T{i % 24:00}:00:00.000Z_2026-11-30T{i % 24 + 1:00}:00:00.000Z_v{i}")];

    [Test]
    public void EverySegmentGetsTheAskedNumberOfDistinctOwnersWhateverTheOrderOfServers()
    {
        string[] servers = ["10.0.0.1:8083", "10.0.0.2:8083", "10.0.0.3:8083"];
        foreach (var segment in Segments)
        {
            var owners = SegmentAssignment.Owners(segment, servers, 2);
            Assert.That(owners, Has.Count.EqualTo(2).And.Unique);
            Assert.That(SegmentAssignment.Owners(segment, servers.Reverse(), 2), Is.EqualTo(owners));
        }
    }

    [Test]
    public void FewerServersThanReplicantsEachHoldEverything()
    {
        Assert.That(SegmentAssignment.Owners(Segments[0], ["a:1"], 2), Is.EqualTo(new[] { "a:1" }));
    }

    [Test]
    public void AJoiningServerTakesAShareAndOnlyItsShareMoves()
    {
        string[] before = ["10.0.0.1:8083", "10.0.0.2:8083", "10.0.0.3:8083"];
        string[] after = [.. before, "10.0.0.4:8083"];
        var moved = 0;
        foreach (var segment in Segments)
        {
            var old = SegmentAssignment.Owners(segment, before, 2);
            var now = SegmentAssignment.Owners(segment, after, 2);
            if (!now.SequenceEqual(old))
            {
                moved++;
                Assert.That(now, Does.Contain("10.0.0.4:8083"), "a segment moves only to the server that joined");
                Assert.That(now.Intersect(old).Count(), Is.EqualTo(1), "it keeps one of its holders");
            }
        }

        Assert.That(moved, Is.InRange(Segments.Length * 2 / 4 * 8 / 10, Segments.Length * 2 / 4 * 12 / 10), "about half the segments move: the new server wins one of two copies among four servers");
    }

    [Test]
    public void AServerThatDiesHasItsSegmentsSpreadOverTheOthers()
    {
        string[] all = ["a:1", "b:1", "c:1", "d:1"];
        var takers = new HashSet<string>();
        foreach (var segment in Segments.Where(s => SegmentAssignment.Owners(s, all, 2).Contains("d:1")))
        {
            var now = SegmentAssignment.Owners(segment, all[..3], 2);
            takers.UnionWith(now.Except(SegmentAssignment.Owners(segment, all, 2)));
        }

        Assert.That(takers, Is.EquivalentTo(new[] { "a:1", "b:1", "c:1" }));
    }
}
