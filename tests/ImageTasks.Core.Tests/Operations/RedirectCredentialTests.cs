using System.Text;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// Credentials are per host: blob storage a registry redirects to may challenge with its own realm, and gets its own
/// credentials (none here), never the registry's; the token it leads to never goes back to the registry, and the
/// registry's own challenge is kept. The registry is the real one with Basic auth, behind the fault proxy that redirects;
/// the storage host is a hostile loopback server that records everything it is sent.
/// </summary>
public sealed class RedirectCredentialTests
{
    private const string User = "ci";
    private const string Password = "s3cret-pass";
    private const string StorageToken = "storage-minted-token";

    [Fact]
    public async Task A_redirect_targets_challenge_is_answered_with_its_own_credentials_never_the_registrys()
    {
        using var factory = new ImageFactory();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Username = User, Password = Password });
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "redirected", NewLayers = 2 });
        using (var seeder = registry.CreateSeeder())
        {
            await seeder.PushImageAsync("app", image, "1");
        }

        await using var proxy = FaultProxy.Start(registry.BaseUri);
        var layer = image.Layers[0];
        await using var storage = HostileServer.Start(async (request, response, token) =>
        {
            if (request.Path == "/token")
            {
                await response.SendAsync(200, $$"""{"token":"{{StorageToken}}","expires_in":300}""", token, ("Content-Type", "application/json"));
            }
            else if (request.Authorization == "Bearer " + StorageToken && request.Path.EndsWith(layer.Digest, StringComparison.Ordinal))
            {
                await response.SendAsync(200, await File.ReadAllBytesAsync(layer.FilePath, token), token, ("Content-Type", "application/octet-stream"));
            }
            else
            {
                var realm = $"http://{request.Header("Host")}/token";
                await response.SendAsync(401, "{}", token, ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"storage\",scope=\"blob:read\""));
            }
        });
        proxy.Redirect(FaultProxy.When("GET", "/blobs/" + layer.Digest), storage.Host, times: null);
        using var config = DockerConfig.WithAuth(proxy.Host, User, Password);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

        using var store = new TempStore(config.Directory);
        var result = await store.PullAsync($"{proxy.Host}/app:1");
        // The same client again: the registry's cached challenge must still be its own Basic one.
        await store.Registry.GetManifestAsync(Core.References.Repository.Parse($"{proxy.Host}/app"), "1", CancellationToken.None);

        Assert.Equal(image.Digest, result.Manifest.ToString());
        store.AssertEveryBlobMatchesItsDigest();
        Assert.Contains(storage.Requests, r => r.Path == "/token");
        Assert.All(storage.Requests, r => Assert.DoesNotContain(basic, r.Authorization ?? "", StringComparison.Ordinal));
        Assert.All(storage.Requests, r => Assert.DoesNotContain("account=ci", r.Target, StringComparison.Ordinal));
        Assert.All(proxy.Requests, r => Assert.DoesNotContain(StorageToken, r.Authorization ?? "", StringComparison.Ordinal));
        var afterRedirect = proxy.Requests.SkipWhile(r => r.Fault is null).Skip(1).ToList();
        Assert.NotEmpty(afterRedirect);
        Assert.All(afterRedirect, r => Assert.Equal("Basic " + basic, r.Authorization));
    }
}
