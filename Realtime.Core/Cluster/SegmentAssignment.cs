using System.IO.Hashing;
using System.Text;

namespace Realtime.Core.Cluster;

/// <summary>
/// Which historicals of a tier hold a segment: the <c>replicants</c> servers with the highest rendezvous score of
/// (server, segment id). Every historical computes it alone from the same membership, so no coordinator is needed,
/// and a server joining or leaving moves only the segments it wins or held.
/// </summary>
public static class SegmentAssignment
{
    /// <summary>The servers among <paramref name="servers"/> that should hold <paramref name="segmentId"/>, best first.</summary>
    public static IReadOnlyList<string> Owners(string segmentId, IEnumerable<string> servers, int replicants) =>
        [.. servers.Distinct(StringComparer.Ordinal).OrderByDescending(server => Score(server, segmentId)).ThenBy(server => server, StringComparer.Ordinal).Take(replicants)];

    private static ulong Score(string server, string segmentId) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(server + "\n" + segmentId));
}
