using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Realtime.Core.Metrics;

/// <summary>The <c>Realtime</c> meter's security instruments: failed logins, tagged with the scheme and the reason.</summary>
/// <remarks>Safe for concurrent use.</remarks>
public sealed class SecurityMetrics
{
    private readonly Counter<long> _failedLogins;

    /// <summary>Creates the instruments on the <see cref="RealtimeMetrics.MeterName"/> meter of <paramref name="meterFactory"/>.</summary>
    public SecurityMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RealtimeMetrics.MeterName);
        _failedLogins = meter.CreateCounter<long>("realtime.security.login.failures", "{login}",
            "Requests whose credentials were refused, by scheme (basic, bearer) and reason.");
    }

    /// <summary>Counts one refused login.</summary>
    /// <param name="scheme"><c>basic</c> or <c>bearer</c>.</param>
    /// <param name="reason">Why: <c>unknown_user</c>, <c>wrong_password</c>, <c>no_password</c>, <c>malformed</c>, <c>invalid_token</c>.</param>
    public void LoginFailed(string scheme, string reason) => _failedLogins.Add(1, new TagList { { "scheme", scheme }, { "reason", reason } });
}
