using System.Security.Cryptography;
using System.Text;

namespace Realtime.Plugins.Http.Receiver;

/// <summary>
/// Credentials a receiver requires: a bearer token (<c>Authorization: Bearer …</c>) or basic credentials
/// (<c>Authorization: Basic …</c>). A request without credentials gets 401, one with wrong credentials 403.
/// </summary>
public sealed class ReceiverAuthentication
{
    /// <summary>The token a request must present as <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? BearerToken { get; init; }

    /// <summary>The user name for basic authentication; set with <see cref="Password"/>.</summary>
    public string? Username { get; init; }

    /// <summary>The password for basic authentication.</summary>
    public string? Password { get; init; }

    private bool IsBearer => BearerToken is not null;

    /// <summary>Checks that exactly one kind of credentials is configured.</summary>
    /// <exception cref="ArgumentException">Neither or both kinds are set, or basic credentials are incomplete.</exception>
    internal void Validate()
    {
        var basic = Username is not null || Password is not null;
        if (IsBearer == basic)
        {
            throw new ArgumentException("receiver.authentication needs either bearerToken, or username and password.");
        }

        if (IsBearer ? BearerToken!.Length == 0 : string.IsNullOrEmpty(Username) || Password is null)
        {
            throw new ArgumentException(IsBearer
                ? "receiver.authentication.bearerToken must not be empty."
                : "receiver.authentication needs both username and password.");
        }
    }

    /// <summary>Lets a request through when its <c>Authorization</c> header holds these credentials.</summary>
    /// <exception cref="PushRejectedException">
    /// The header is missing or of the other scheme (401: send it with <see cref="Challenge"/>), or holds other credentials (403).
    /// </exception>
    internal void Authenticate(string? authorization)
    {
        var scheme = IsBearer ? "Bearer " : "Basic ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new PushRejectedException(401, "Authentication is required: send the receiver's credentials in the Authorization header.");
        }

        var presented = authorization[scheme.Length..].Trim();
        var expected = IsBearer ? BearerToken! : Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
        {
            throw new PushRejectedException(403, "The credentials in the Authorization header are not the receiver's.");
        }
    }

    /// <summary>The <c>WWW-Authenticate</c> challenge sent with 401.</summary>
    internal string Challenge => IsBearer ? "Bearer realm=\"realtime\"" : "Basic realm=\"realtime\"";
}
