using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Core.Metrics;

namespace Realtime.Core.Security;

/// <summary>
/// ASP.NET Core's authentication scheme for HTTP Basic (<c>Authorization: Basic base64(user:password)</c>) against the
/// internal identity and the authenticator's users, as Druid's basic authenticator does.
/// </summary>
/// <remarks>
/// A request without Basic credentials is left to other schemes (no result). A refused login is counted in
/// <c>realtime.security.login.failures</c>, logged with the user name and the client's address (never the
/// password), and counts towards slowing down that address (<see cref="LoginThrottle"/>).
/// </remarks>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CredentialValidator validator,
    LoginThrottle throttle,
    SecurityMetrics metrics) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private const string Challenge = "Basic realm=\"realtime\", charset=\"UTF-8\"";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, RealtimeAuthentication.BasicScheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var address = ClientAddress(Context);
        await throttle.WaitAsync(address, Context.RequestAborted);
        if (!TryDecode(header.Parameter, out var user, out var password))
        {
            return Refuse(address, "", "malformed", "the Basic credentials are not base64 of user:password");
        }

        return validator.Validate(user, password) switch
        {
            LoginOutcome.Valid => Success(user, internalIdentity: false),
            LoginOutcome.Internal => Success(user, internalIdentity: true),
            LoginOutcome.UnknownUser => Refuse(address, user, "unknown_user", "no such user"),
            LoginOutcome.NoPassword => Refuse(address, user, "no_password", "the user has no password"),
            _ => Refuse(address, user, "wrong_password", "wrong password"),
        };
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }

    /// <summary>The client's address as the throttle and the log know it.</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private AuthenticateResult Success(string user, bool internalIdentity)
    {
        List<Claim> claims = [new(ClaimTypes.Name, user)];
        if (internalIdentity)
        {
            claims.Add(new Claim(RealtimeAuthentication.InternalClaim, "true"));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private AuthenticateResult Refuse(string address, string user, string reason, string description)
    {
        throttle.Failed(address);
        metrics.LoginFailed("basic", reason);
        Logger.LoginFailed(RealtimeAuthentication.BasicScheme, user, address, description);
        return AuthenticateResult.Fail($"Basic authentication failed: {description}.");
    }

    private static bool TryDecode(string? parameter, out string user, out string password)
    {
        user = password = "";
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(parameter ?? "");
        }
        catch (FormatException)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        (user, password) = (text[..colon], text[(colon + 1)..]);
        return true;
    }
}
