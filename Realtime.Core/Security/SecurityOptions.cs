namespace Realtime.Core.Security;

/// <summary>
/// The node's authentication and authorization, bound from <c>Realtime:Security</c>: HTTP Basic against the users in
/// the metadata store, optional JWT bearer tokens, and roles with permissions per resource, as Druid's basic-security
/// extension keeps them.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Realtime:Security";

    /// <summary>Whether requests are authenticated and authorized; off by default, when every endpoint answers anyone.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The password of the user <c>admin</c> (role <c>admin</c>, every permission) created at start-up when the metadata
    /// store holds no user yet (Druid's <c>initialAdminPassword</c>); ignored once a user exists.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>The authenticator name the admin API answers under (<c>/druid-ext/basic-security/authentication/db/{name}</c>).</summary>
    public string AuthenticatorName { get; set; } = "MyBasicMetadataAuthenticator";

    /// <summary>The authorizer name the admin API answers under (<c>/druid-ext/basic-security/authorization/db/{name}</c>).</summary>
    public string AuthorizerName { get; set; } = "MyBasicMetadataAuthorizer";

    /// <summary>PBKDF2 iterations for passwords set from now on; each stored password keeps the count it was hashed with.</summary>
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;

    /// <summary>How often users, roles and permissions are read again from the metadata store, where other nodes may have changed them.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The identity nodes use to call each other (Druid's escalator, <c>druid.escalator.internalClient*</c>).</summary>
    public InternalClientOptions Internal { get; set; } = new();

    /// <summary>JWT bearer tokens for single sign-on; off unless <see cref="JwtOptions.Authority"/> or <see cref="JwtOptions.SigningKey"/> is set.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>How failed logins from one address are slowed down.</summary>
    public FailedLoginOptions FailedLogins { get; set; } = new();
}

/// <summary>The internal identity: the user name and password one node sends when it calls another (a broker asking a data node).</summary>
/// <remarks>Every node of a cluster is given the same pair. The identity holds every permission; no stored user may take its name.</remarks>
public sealed class InternalClientOptions
{
    /// <summary>The internal user's name (Druid's <c>druid.escalator.internalClientUsername</c>).</summary>
    public string Username { get; set; } = "druid_system";

    /// <summary>The internal user's password (Druid's <c>druid.escalator.internalClientPassword</c>); unset, no request authenticates as it and none is sent.</summary>
    public string? Password { get; set; }
}

/// <summary>Validation of JWT bearer tokens issued by an identity provider.</summary>
public sealed class JwtOptions
{
    /// <summary>The issuer's base address; its OpenID Connect metadata gives the signing keys and the issuer.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience a token must be issued for; unset, the audience is not checked.</summary>
    public string? Audience { get; set; }

    /// <summary>The issuer a token must name, when there is no <see cref="Authority"/> to take it from; unset, the issuer is not checked.</summary>
    public string? Issuer { get; set; }

    /// <summary>A shared HMAC-SHA256 key (UTF-8, at least 32 bytes) that tokens are signed with, instead of an authority's keys.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The claim naming the user, looked up among the authorizer's users for role assignments.</summary>
    public string NameClaim { get; set; } = "sub";

    /// <summary>The claim listing role names; each names a role of the authorizer whose permissions the token holder gets.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Whether the authority's metadata must be fetched over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether bearer tokens are accepted at all.</summary>
    public bool Enabled => Authority is { Length: > 0 } || SigningKey is { Length: > 0 };
}

/// <summary>How a burst of failed logins from one client address is slowed down.</summary>
public sealed class FailedLoginOptions
{
    /// <summary>The failures an address may have within <see cref="Window"/> before its logins are delayed.</summary>
    public int FreeAttempts { get; set; } = 5;

    /// <summary>How long failures are remembered.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay of the first login after the free attempts; it doubles with each further failure.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}
