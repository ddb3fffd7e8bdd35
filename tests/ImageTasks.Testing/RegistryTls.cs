using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImageTasks.Testing;

/// <summary>
/// A private certificate authority made for one test, and what it signs: a server certificate for 127.0.0.1 and
/// localhost (the registry's <c>http.tls</c>) and a client certificate (for <c>clientcas</c>). The PEM files live in a
/// temporary folder removed on dispose; <see cref="WriteCertsDirectory"/> lays them out as Docker's certs.d expects.
/// </summary>
public sealed class RegistryTls : IDisposable
{
    private RegistryTls(string directory, X509Certificate2 authority, bool requireClientCertificate)
    {
        Directory = directory;
        Authority = authority;
        RequireClientCertificate = requireClientCertificate;
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>Whether the registry demands a client certificate signed by <see cref="Authority"/>.</summary>
    public bool RequireClientCertificate { get; }

    public string AuthorityPath => Path.Combine(Directory, "ca.crt");

    public string ServerCertificatePath => Path.Combine(Directory, "server.crt");

    public string ServerKeyPath => Path.Combine(Directory, "server.key");

    public string ClientCertificatePath => Path.Combine(Directory, "client.cert");

    public string ClientKeyPath => Path.Combine(Directory, "client.key");

    public static RegistryTls Create(bool requireClientCertificate = false)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("imagetasks-tls-").FullName;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=imagetasks test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var authority = caRequest.CreateSelfSigned(now, now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "ca.crt"), authority.ExportCertificatePem());

        Issue(authority, directory, "server", "CN=127.0.0.1", "1.3.6.1.5.5.7.3.1", withNames: true, now);
        Issue(authority, directory, "client", "CN=imagetasks test client", "1.3.6.1.5.5.7.3.2", withNames: false, now);
        return new RegistryTls(directory, authority, requireClientCertificate);
    }

    /// <summary>Writes <c>ROOT/AUTHORITY/ca.crt</c> (and the client pair when asked), as Docker's certs.d holds them.</summary>
    public string WriteCertsDirectory(string root, string authority, bool withClientCertificate = false, bool withAuthority = true)
    {
        var folder = Path.Combine(root, authority);
        System.IO.Directory.CreateDirectory(folder);
        if (withAuthority)
        {
            File.Copy(AuthorityPath, Path.Combine(folder, "ca.crt"), overwrite: true);
        }

        if (withClientCertificate)
        {
            File.Copy(ClientCertificatePath, Path.Combine(folder, "client.cert"), overwrite: true);
            File.Copy(ClientKeyPath, Path.Combine(folder, "client.key"), overwrite: true);
        }

        return folder;
    }

    /// <summary>Sockets that trust only this authority and present the client certificate: for the fixture's own requests.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(Authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var presented = new X509Certificate2(certificate);
            return chain.Build(presented);
        };
        handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(ClientCertificatePath, ClientKeyPath)];
        return handler;
    }

    public void Dispose()
    {
        Authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void Issue(X509Certificate2 authority, string directory, string name, string subject, string usage, bool withNames, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (withNames)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var certificate = request.Create(authority, now, now.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var extension = name == "client" ? ".cert" : ".crt";
        File.WriteAllText(Path.Combine(directory, name + extension), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, name + ".key"), key.ExportPkcs8PrivateKeyPem());
    }
}
