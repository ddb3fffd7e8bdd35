using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>
/// The real registry on https with a CA made for the test: refused by default with one line that says where a private
/// CA goes, trusted through <c>$IMAGETASKS_HOME/certs.d/HOST:PORT/ca.crt</c> and Docker's certs.d (whose path the test
/// points at a temporary folder), with a client certificate read as Docker reads it.
/// </summary>
public sealed class RegistryTlsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("imagetasks-certs-").FullName;

    [Fact]
    public async Task A_registry_signed_by_an_unknown_CA_is_refused_by_default_with_one_line()
    {
        using var tls = RegistryTls.Create();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = tls });
        var image = await PushAsync(registry);

        // Loopback is plain HTTP unless a certs.d folder names it: treat it as the remote host a TLS registry is.
        using var client = new RegistryClient(new RegistryOptions { PlainHttpForLoopback = false, CertificateDirectories = [Path.Combine(_root, "none")] });
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository.Parse($"{registry.Host}/app"), "1", CancellationToken.None));

        Assert.Equal(
            $"TLS to registry {registry.Host} refused: its certificate is not signed by a trusted authority; if it uses a private CA, put that CA in certs.d/{registry.Host}/ca.crt under IMAGETASKS_HOME or /etc/docker/certs.d",
            error.Message);
        Assert.NotNull(image);
    }

    [Fact]
    public async Task A_CA_in_IMAGETASKS_HOME_certs_d_is_trusted_for_its_host()
    {
        using var tls = RegistryTls.Create();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = tls });
        var image = await PushAsync(registry);
        var home = Path.Combine(_root, "home");
        tls.WriteCertsDirectory(Path.Combine(home, "certs.d"), registry.Host);

        var options = RegistryOptions.FromEnvironment(name => name == "IMAGETASKS_HOME" ? home : null);
        using var client = new RegistryClient(options);
        var manifest = await client.GetManifestAsync(Repository.Parse($"{registry.Host}/app"), "1", CancellationToken.None);

        Assert.Equal(image.Digest, manifest.Digest.ToString());
        await AssertLayerArrivesAsync(client, registry, image);
    }

    [Fact]
    public async Task Dockers_certs_d_gives_the_CA_and_the_client_certificate_a_registry_demands()
    {
        using var tls = RegistryTls.Create(requireClientCertificate: true);
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = tls });
        var image = await PushAsync(registry);
        var docker = Path.Combine(_root, "etc-docker-certs.d");
        var repository = Repository.Parse($"{registry.Host}/app");

        // The CA alone: the handshake fails on the registry's side, still one line.
        tls.WriteCertsDirectory(docker, registry.Host);
        using (var withoutClient = new RegistryClient(new RegistryOptions { CertificateDirectories = [docker] }))
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => withoutClient.GetManifestAsync(repository, "1", CancellationToken.None));
            Assert.True(error.Message.StartsWith($"TLS to registry {registry.Host} refused: the handshake failed (", StringComparison.Ordinal), error.Message);
            Assert.EndsWith("; if it asks for a client certificate, put client.cert and client.key beside its ca.crt", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }

        tls.WriteCertsDirectory(docker, registry.Host, withClientCertificate: true);
        using var client = new RegistryClient(new RegistryOptions { CertificateDirectories = [docker] });
        var manifest = await client.GetManifestAsync(repository, "1", CancellationToken.None);

        Assert.Equal(image.Digest, manifest.Digest.ToString());
        await AssertLayerArrivesAsync(client, registry, image);
    }

    [Fact]
    public async Task A_CA_trusted_for_one_host_is_not_trusted_for_another()
    {
        using var tls = RegistryTls.Create();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Tls = tls });
        await PushAsync(registry);
        var certs = Path.Combine(_root, "certs.d");
        tls.WriteCertsDirectory(certs, "127.0.0.1:1"); // another port is another registry
        Directory.CreateDirectory(Path.Combine(certs, registry.Host)); // this one: a folder, but no CA in it

        using var client = new RegistryClient(new RegistryOptions { CertificateDirectories = [certs] });
        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository.Parse($"{registry.Host}/app"), "1", CancellationToken.None));

        Assert.Equal($"TLS to registry {registry.Host} refused: its certificate is not signed by a trusted authority", error.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static async Task<SyntheticImage> PushAsync(RegistryProcess registry)
    {
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "tls" });
        using var seeder = registry.CreateSeeder();
        await seeder.PushImageAsync("app", image, "1");
        return image;
    }

    private static async Task AssertLayerArrivesAsync(RegistryClient client, RegistryProcess registry, SyntheticImage image)
    {
        var layer = image.Layers[0];
        using var received = new MemoryStream();
        await using (var blob = await client.OpenBlobAsync(Repository.Parse($"{registry.Host}/app"), Digest.Parse(layer.Digest), layer.Size, CancellationToken.None))
        {
            await blob.CopyToAsync(received);
        }

        Assert.Equal(layer.Digest, Digest.Compute(received.ToArray()).ToString());
    }
}
