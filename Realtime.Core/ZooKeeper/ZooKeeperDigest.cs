namespace Realtime.Core.ZooKeeper;

/// <summary>ZooKeeper digest credentials (<c>addauth digest user:password</c>), Druid's <c>druid.zk.service.user</c> and <c>pwd</c>.</summary>
/// <param name="User">The user name.</param>
/// <param name="Password">The password.</param>
public sealed record ZooKeeperDigest(string User, string Password)
{
    /// <summary>The credentials, without the password.</summary>
    public override string ToString() => $"digest user '{User}'";
}
