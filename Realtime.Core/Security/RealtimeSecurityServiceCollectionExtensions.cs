using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Realtime.Abstractions.Storage;
using Realtime.Core.Metrics;
using Realtime.Core.Security;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the node's authentication and authorization.</summary>
public static class RealtimeSecurityServiceCollectionExtensions
{
    private const int MinSigningKeyBytes = 32;

    /// <summary>
    /// Binds <see cref="SecurityOptions"/> from <c>Realtime:Security</c>. With <c>Enabled</c> off it registers
    /// <see cref="AllowAllAuthorizer"/> and nothing else. With it on: the <see cref="SecurityCatalog"/> (hosted) over the
    /// metadata store's <see cref="ISecurityStore"/>, ASP.NET Core authentication with the Basic scheme
    /// (<see cref="BasicAuthenticationHandler"/>) and, when configured, JWT bearer tokens, authorization by each
    /// endpoint's <see cref="EndpointAccess"/> (an endpoint without one needs an authenticated caller), the
    /// <see cref="RoleAuthorizer"/> and the admin service.
    /// </summary>
    /// <remarks>Needs the metrics (<c>AddRealtimeMetrics</c>) and the metadata store (<c>AddRealtimeStorage</c>), as <c>AddRealtime</c> registers them.</remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="realtime">The <c>Realtime</c> configuration section.</param>
    /// <exception cref="SecurityConfigurationException">A setting cannot work (a JWT signing key too short, an empty internal user name).</exception>
    public static IServiceCollection AddRealtimeSecurity(this IServiceCollection services, IConfiguration realtime)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        var options = realtime.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        if (!options.Enabled)
        {
            services.TryAddSingleton<IResourceAuthorizer, AllowAllAuthorizer>();
            return services;
        }

        Validate(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<ISegmentMetadataStore>() as ISecurityStore ?? throw new SecurityConfigurationException(
            $"Realtime:Security:Enabled needs a metadata store that keeps users and roles; the configured one ({sp.GetRequiredService<ISegmentMetadataStore>().GetType().Name}) does not. " +
            "Use Realtime:Metadata:Type sqlite or postgresql."));
        services.TryAddSingleton<SecurityCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<SecurityCatalog>());
        services.TryAddSingleton<CredentialValidator>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<SecurityAdministration>();
        services.TryAddSingleton<IResourceAuthorizer, RoleAuthorizer>();
        services.AddSingleton<IAuthorizationHandler, EndpointAccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessDeniedResultHandler>();

        var authentication = services.AddAuthentication(RealtimeAuthentication.Scheme)
            .AddPolicyScheme(RealtimeAuthentication.Scheme, "Basic, or Bearer for a bearer token", scheme => scheme.ForwardDefaultSelector = context =>
                options.Jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? RealtimeAuthentication.BearerScheme
                    : RealtimeAuthentication.BasicScheme)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(RealtimeAuthentication.BasicScheme, null);
        if (options.Jwt.Enabled)
        {
            authentication.AddJwtBearer(RealtimeAuthentication.BearerScheme, jwt => ConfigureJwt(jwt, options.Jwt));
        }

        services.AddAuthorization(authorization =>
        {
            authorization.DefaultPolicy = new AuthorizationPolicyBuilder(RealtimeAuthentication.Scheme).RequireAuthenticatedUser().Build();
            authorization.FallbackPolicy = authorization.DefaultPolicy;
        });
        return services;
    }

    private static void Validate(SecurityOptions options)
    {
        if (string.IsNullOrEmpty(options.Internal.Username))
        {
            throw new SecurityConfigurationException("Realtime:Security:Internal:Username must not be empty (the default is druid_system).");
        }

        if (options.Jwt.SigningKey is { Length: > 0 } key && Encoding.UTF8.GetByteCount(key) < MinSigningKeyBytes)
        {
            throw new SecurityConfigurationException($"Realtime:Security:Jwt:SigningKey must be at least {MinSigningKeyBytes} bytes for HMAC-SHA256.");
        }

        if (options.RefreshPeriod <= TimeSpan.Zero || options.PasswordIterations < 1_000)
        {
            throw new SecurityConfigurationException("Realtime:Security:RefreshPeriod must be positive and Realtime:Security:PasswordIterations at least 1000.");
        }
    }

    private static void ConfigureJwt(JwtBearerOptions jwt, JwtOptions options)
    {
        jwt.Authority = options.Authority;
        jwt.Audience = options.Audience;
        jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateAudience = options.Audience is not null,
            ValidAudience = options.Audience,
            ValidateIssuer = options.Issuer is not null || options.Authority is not null,
            ValidIssuer = options.Issuer,
            IssuerSigningKey = options.SigningKey is { Length: > 0 } key ? new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) : null,
            NameClaimType = options.NameClaim,
            RoleClaimType = options.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context => context.HttpContext.RequestServices.GetRequiredService<LoginThrottle>()
                .WaitAsync(BasicAuthenticationHandler.ClientAddress(context.HttpContext), context.HttpContext.RequestAborted),
            OnAuthenticationFailed = context =>
            {
                var services = context.HttpContext.RequestServices;
                var address = BasicAuthenticationHandler.ClientAddress(context.HttpContext);
                services.GetRequiredService<LoginThrottle>().Failed(address);
                services.GetRequiredService<SecurityMetrics>().LoginFailed("bearer", "invalid_token");
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BasicAuthenticationHandler).Namespace!)
                    .LoginFailed(RealtimeAuthentication.BearerScheme, "", address, context.Exception.Message);
                return Task.CompletedTask;
            },
        };
    }
}
