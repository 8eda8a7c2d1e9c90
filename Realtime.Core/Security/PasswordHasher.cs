using System.Security.Cryptography;
using System.Text;

namespace Realtime.Core.Security;

/// <summary>A stored password: PBKDF2-HMAC-SHA512 of the password with a per-user salt, as Druid's basic authenticator keeps it.</summary>
/// <param name="Salt">The random salt.</param>
/// <param name="Hash">The derived key.</param>
/// <param name="Iterations">The PBKDF2 iteration count the key was derived with.</param>
public sealed record PasswordCredential(byte[] Salt, byte[] Hash, int Iterations);

/// <summary>Hashes and checks passwords with PBKDF2-HMAC-SHA512, a 32-byte random salt and a 64-byte key.</summary>
public static class PasswordHasher
{
    /// <summary>The iteration count for new passwords: OWASP's recommendation for PBKDF2-HMAC-SHA512 (Druid uses 10,000).</summary>
    public const int DefaultIterations = 210_000;

    private const int SaltBytes = 32;
    private const int HashBytes = 64;

    /// <summary>Hashes <paramref name="password"/> with a new salt.</summary>
    /// <exception cref="ArgumentException">The password is empty or the iteration count is below 1,000.</exception>
    public static PasswordCredential Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1_000);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordCredential(salt, Derive(password, salt, iterations), iterations);
    }

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="credential"/> was made from; compared in constant time.</summary>
    public static bool Verify(string password, PasswordCredential credential) =>
        CryptographicOperations.FixedTimeEquals(Derive(password, credential.Salt, credential.Iterations), credential.Hash);

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);
}
