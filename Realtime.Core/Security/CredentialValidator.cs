using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Realtime.Core.Security;

/// <summary>Why a user name and password were refused, or that they were accepted.</summary>
public enum LoginOutcome
{
    /// <summary>A user of the authenticator, with the right password.</summary>
    Valid,

    /// <summary>The internal identity, with the right password.</summary>
    Internal,

    /// <summary>No such user.</summary>
    UnknownUser,

    /// <summary>The user has no password set.</summary>
    NoPassword,

    /// <summary>The password is wrong.</summary>
    WrongPassword,
}

/// <summary>
/// Checks user names and passwords against the internal identity and the authenticator's users.
/// </summary>
/// <remarks>
/// PBKDF2 is slow on purpose, so a password that verified once is remembered, until the user's stored password
/// changes, as an HMAC under a key that lives only in this process; later requests with it cost one HMAC. An unknown
/// user costs a full derivation too, so response times do not tell which names exist. Safe for concurrent use.
/// </remarks>
public sealed class CredentialValidator(SecurityCatalog catalog, IOptions<SecurityOptions> options)
{
    private readonly byte[] _proofKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (PasswordCredential Credential, byte[] Proof)> _verified = new(StringComparer.Ordinal);
    private readonly Lazy<PasswordCredential> _decoy = new(() => PasswordHasher.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), options.Value.PasswordIterations));
    private readonly InternalClientOptions _internal = options.Value.Internal;

    /// <summary>Checks <paramref name="password"/> for <paramref name="user"/>.</summary>
    public LoginOutcome Validate(string user, string password)
    {
        if (user == _internal.Username && _internal.Password is { Length: > 0 } internalPassword)
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(internalPassword))
                ? LoginOutcome.Internal
                : LoginOutcome.WrongPassword;
        }

        if (!catalog.State.AuthenticationUsers.TryGetValue(user, out var stored))
        {
            PasswordHasher.Verify(password, _decoy.Value);
            return LoginOutcome.UnknownUser;
        }

        if (stored.Credential is not { } credential)
        {
            return LoginOutcome.NoPassword;
        }

        var proof = Proof(credential, password);
        if (_verified.TryGetValue(user, out var verified) && SameCredential(verified.Credential, credential) && CryptographicOperations.FixedTimeEquals(verified.Proof, proof))
        {
            return LoginOutcome.Valid;
        }

        if (!PasswordHasher.Verify(password, credential))
        {
            return LoginOutcome.WrongPassword;
        }

        _verified[user] = (credential, proof);
        return LoginOutcome.Valid;
    }

    private static bool SameCredential(PasswordCredential a, PasswordCredential b) =>
        a.Iterations == b.Iterations && a.Salt.AsSpan().SequenceEqual(b.Salt) && a.Hash.AsSpan().SequenceEqual(b.Hash);

    private byte[] Proof(PasswordCredential credential, string password) =>
        HMACSHA256.HashData(_proofKey, (byte[])[.. credential.Salt, .. Encoding.UTF8.GetBytes(password)]);
}
