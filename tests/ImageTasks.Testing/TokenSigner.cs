using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageTasks.Testing;

/// <summary>
/// An ES256 key and its self-signed certificate. JWTs carry the certificate in the <c>x5c</c> header, and the same
/// certificate is the registry's <c>rootcertbundle</c>: distribution trusts a key through its chain to the bundle.
/// </summary>
internal sealed class TokenSigner : IDisposable
{
    private readonly ECDsa _key;
    private readonly string _certificateBase64;

    public TokenSigner()
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=imagetasks test token issuer", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));

        // Backdated a day so clock differences between us and the registry never make it "not yet valid".
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        // x5c is standard base64 of the DER certificate (RFC 7515 4.1.6), not base64url.
        _certificateBase64 = Convert.ToBase64String(certificate.RawData);
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    public string CertificatePem { get; }

    /// <summary>header.claims.signature; ES256 signatures are raw r||s (IEEE P1363), .NET's default format.</summary>
    public string Sign(JsonObject claims)
    {
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(_certificateBase64),
        };
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    public void Dispose() => _key.Dispose();

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
