using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ImageTasks.Core.Registry;

/// <summary>
/// The TLS trust for one registry, read as Docker reads its certs.d: <c>DIR/HOST:PORT/*.crt</c> are extra certificate
/// authorities for that registry alone, <c>client.cert</c> with <c>client.key</c> (any <c>X.cert</c>/<c>X.key</c> pair)
/// the client certificate it may ask for. The first folder (IMAGETASKS_HOME's, then Docker's) that names the host wins.
/// </summary>
internal sealed class RegistryCertificates
{
    private readonly X509Certificate2Collection _authorities;

    private RegistryCertificates(string authority, string? directory, X509Certificate2Collection authorities, X509Certificate2Collection clientCertificates)
    {
        Authority = authority;
        Directory = directory;
        _authorities = authorities;
        ClientCertificates = clientCertificates;
    }

    public string Authority { get; }

    /// <summary>The certs.d folder for this host, or null when none of the folders names it.</summary>
    public string? Directory { get; }

    public X509Certificate2Collection ClientCertificates { get; }

    /// <summary>Why the last certificate this host presented was refused, for the error; null when none was.</summary>
    public string? LastRefusal { get; private set; }

    /// <summary>Whether a certs.d folder names the registry: Docker then speaks TLS to it, even on loopback.</summary>
    public static bool Configured(string authority, RegistryOptions options) => FolderFor(authority, options) is not null;

    public static RegistryCertificates Load(string authority, RegistryOptions options)
    {
        var authorities = new X509Certificate2Collection();
        var clients = new X509Certificate2Collection();
        var directory = FolderFor(authority, options);
        if (directory is null)
        {
            return new RegistryCertificates(authority, null, authorities, clients);
        }

        try
        {
            foreach (var file in System.IO.Directory.GetFiles(directory, "*.crt").Order(StringComparer.Ordinal))
            {
                authorities.ImportFromPemFile(file);
            }

            foreach (var certificate in System.IO.Directory.GetFiles(directory, "*.cert").Order(StringComparer.Ordinal))
            {
                var key = Path.ChangeExtension(certificate, ".key");
                if (!File.Exists(key))
                {
                    throw new RegistryException($"client certificate {certificate} has no key beside it: Docker's certs.d pairs X.cert with X.key");
                }

                clients.Add(X509Certificate2.CreateFromPemFile(certificate, key));
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new RegistryException($"cannot read the certificates for {authority} in {directory}: {e.Message}", innerException: e);
        }

        return new RegistryCertificates(authority, directory, authorities, clients);
    }

    /// <summary>The system's trust first; the certs.d authorities only for this host, and only for an otherwise valid certificate.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && _authorities.Count > 0)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(_authorities);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                // Intermediates the server sent along.
                foreach (var element in chain.ChainElements.Skip(1))
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            using var presented = new X509Certificate2(certificate);
            if (custom.Build(presented))
            {
                return true;
            }

            LastRefusal = $"its certificate is not signed by the authorities in {Directory}{Statuses(custom)}";
            return false;
        }

        LastRefusal = errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ? "it presented no certificate"
            : errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? $"its certificate is not issued for {RegistryEndpoint.HostOf(Authority)}"
            : $"its certificate is not signed by a trusted authority{Statuses(chain)}";
        return false;
    }

    /// <summary>The one-line error for a refused handshake: what was wrong and where a private CA goes.</summary>
    public string RefusalMessage(string peer, string cause)
    {
        var reason = LastRefusal ?? $"the handshake failed ({cause.ReplaceLineEndings(" ")})";
        var fix = Directory is null
            ? $"; if it uses a private CA, put that CA in certs.d/{Authority}/ca.crt under IMAGETASKS_HOME or {RegistryOptions.DockerCertificateDirectory}"
            : LastRefusal is null && ClientCertificates.Count == 0
                ? "; if it asks for a client certificate, put client.cert and client.key beside its ca.crt"
                : "";
        return $"TLS to {peer} refused: {reason}{fix}";
    }

    private static string? FolderFor(string authority, RegistryOptions options)
    {
        // Uri.Authority drops a default port, so a registry on 443 is certs.d/HOST, as Docker names it.
        foreach (var root in options.CertificateDirectories)
        {
            var candidate = Path.Combine(root, authority);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Chain problems beyond the unknown issuer (which the sentence already says): " (NotTimeValid)", else empty.</summary>
    private static string Statuses(X509Chain? chain)
    {
        var other = (chain?.ChainStatus ?? []).Select(s => s.Status)
            .Where(s => s is not (X509ChainStatusFlags.UntrustedRoot or X509ChainStatusFlags.PartialChain or X509ChainStatusFlags.NoError))
            .Distinct().ToList();
        return other.Count == 0 ? "" : $" ({string.Join(", ", other)})";
    }
}
