using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Realtime.Server.Tests.Security;

/// <summary>The node on HTTPS, configured with Kestrel's own certificate settings, as docs/security.md shows.</summary>
[NonParallelizable]
public class HttpsTests
{
    [Test]
    public async Task ANodeServesHttpsWithKestrelsCertificateSettingsAndBasicCredentials()
    {
        using var workspace = new NodeWorkspace();
        using var certificate = SelfSigned();
        var pfx = workspace.PathOf("node.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        var port = LoopbackPorts.Free();
        var idle = IngestionEndToEndTests.IdleSpec(workspace);

        await using var node = workspace.Start(idle,
            "--Kestrel:Endpoints:Https:Url", $"https://127.0.0.1:{port}",
            "--Kestrel:Endpoints:Https:Certificate:Path", pfx,
            "--Kestrel:Endpoints:Https:Certificate:Password", "pfx-password",
            "--Realtime:Security:Enabled", "true", "--Realtime:Security:InitialAdminPassword", "admin-pw", "--Realtime:Security:PasswordIterations", "1000");
        using var https = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{port}"),
        };

        var health = await WaitForHealthAsync(https, node);
        using var anonymous = await https.GetAsync("/status");
        https.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:admin-pw")));
        using var admin = await https.GetAsync("/status");

        Assert.Multiple(() =>
        {
            Assert.That(health, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(admin.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    private static async Task<HttpStatusCode> WaitForHealthAsync(HttpClient https, ServerProcess node)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                using var response = await https.GetAsync("/status/health");
                return response.StatusCode;
            }
            catch (HttpRequestException) when (!node.HasExited)
            {
                await Task.Delay(100);
            }
        }

        Assert.Fail("The node never answered over HTTPS.\n" + node.Output);
        return default;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }
}
