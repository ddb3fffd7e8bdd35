using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>The real registry behind a fault-injecting proxy: what a retry, a resume or a redirect must survive.</summary>
public sealed class RegistryFaultTests
{
    private static readonly SyntheticImageOptions BigLayer = new() { Name = "big", FilesPerLayer = 2, FileSize = 512 * 1024 };

    private static async Task<(RegistryProcess Registry, FaultProxy Proxy, SyntheticImage Image)> StartAsync(ImageFactory factory, RegistryProcessOptions? options = null)
    {
        var registry = await RegistryProcess.StartAsync(options ?? new RegistryProcessOptions());
        var image = await factory.CreateImageAsync(BigLayer);
        using var seeder = registry.CreateSeeder();
        await seeder.PushImageAsync("app", image, "1");
        return (registry, FaultProxy.Start(registry.BaseUri), image);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_time_Retry_After_gives()
    {
        using var factory = new ImageFactory();
        var (registry, proxy, image) = await StartAsync(factory);
        await using var _ = registry;
        await using var __ = proxy;
        proxy.RespondTooManyRequests(FaultProxy.When("GET", "/manifests/1"), retryAfterSeconds: 1);

        using var store = new TempStore();
        var started = DateTime.UtcNow;
        var result = await store.PullAsync($"{proxy.Host}/app:1");

        Assert.Equal(image.Digest, result.Manifest.ToString());
        Assert.Equal(2, proxy.Count("GET", "/manifests/1"));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9), "Retry-After was honoured");
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        using var factory = new ImageFactory();
        var (registry, proxy, image) = await StartAsync(factory);
        await using var _ = registry;
        await using var __ = proxy;
        var layer = image.Layers[0].Digest;
        proxy.RespondWithStatus(FaultProxy.When("GET", "/blobs/" + layer), 503, times: 2);

        using var store = new TempStore();
        await store.PullAsync($"{proxy.Host}/app:1");

        Assert.Equal(3, proxy.Count("GET", "/blobs/" + layer));
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_connection_dropped_mid_blob_is_resumed_with_a_range_request()
    {
        using var factory = new ImageFactory();
        var (registry, proxy, image) = await StartAsync(factory);
        await using var _ = registry;
        await using var __ = proxy;
        var layer = image.Layers[0];
        Assert.True(layer.Size > 300_000, "the layer is large enough to cut");
        proxy.CloseAfterBytes(FaultProxy.When("GET", "/blobs/" + layer.Digest), 200_000);

        using var store = new TempStore();
        await store.PullAsync($"{proxy.Host}/app:1");

        var requests = proxy.RequestsMatching("GET", "/blobs/" + layer.Digest);
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.StartsWith("bytes=", requests[1].Range, StringComparison.Ordinal);
        Assert.NotEqual("bytes=0-", requests[1].Range);
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_blob_that_keeps_breaking_off_is_the_registrys_failure_not_a_file_error()
    {
        using var factory = new ImageFactory();
        var (registry, proxy, image) = await StartAsync(factory);
        await using var _ = registry;
        await using var __ = proxy;
        var layer = image.Layers[0];
        proxy.CloseAfterBytes(FaultProxy.When("GET", "/blobs/" + layer.Digest), 20_000, times: null);

        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<Core.Registry.RegistryException>(() => store.PullAsync($"{proxy.Host}/app:1"));

        Assert.Equal(Core.Diagnostics.DiagnosticCodes.RegistryFailure, error.Code);
        Assert.Contains("after 5 resumes", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, proxy.Count("GET", "/blobs/" + layer.Digest));
    }

    [Fact]
    public async Task A_redirect_to_another_host_does_not_carry_the_credentials()
    {
        using var factory = new ImageFactory();
        var (registry, proxy, image) = await StartAsync(factory, new RegistryProcessOptions { Username = "ci", Password = "s3cret-pass" });
        await using var _ = registry;
        await using var __ = proxy;
        using var config = DockerConfig.WithAuth(proxy.Host, "ci", "s3cret-pass");
        var layer = image.Layers[0].Digest;

        // Same origin: the credentials follow and the pull succeeds.
        proxy.Redirect(FaultProxy.When("GET", "/blobs/" + layer), proxy.Host);
        using (var store = new TempStore(config.Directory))
        {
            await store.PullAsync($"{proxy.Host}/app:1");
        }

        Assert.All(proxy.RequestsMatching("GET", "/blobs/" + layer), r => Assert.True(r.HasAuthorization));

        // Another host (localhost is not 127.0.0.1 to an HTTP client): the Authorization header stays behind.
        // The same-origin rule is never applied (the proxy does not redirect a request to its own authority), so it would
        // still be armed and send the localhost hop back to 127.0.0.1, which is rightly answered with 127.0.0.1's own
        // credentials: clear it so the redirect ends at localhost.
        proxy.ClearRequests();
        proxy.ClearFaults();
        proxy.RedirectToLocalhost(FaultProxy.When("GET", "/blobs/" + layer));
        using (var store = new TempStore(config.Directory))
        {
            await Assert.ThrowsAnyAsync<ImageTasksException>(() => store.PullAsync($"{proxy.Host}/app:1"));
        }

        var redirected = proxy.Requests.Where(r => r.Host == proxy.LocalhostAuthority).ToList();
        Assert.NotEmpty(redirected);
        Assert.All(redirected, r => Assert.False(r.HasAuthorization));
    }

    [Fact]
    public async Task Basic_auth_uses_the_credentials_in_dockers_config_json()
    {
        using var factory = new ImageFactory();
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Username = "ci", Password = "s3cret-pass" });
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "private" });
        using (var seeder = registry.CreateSeeder())
        {
            await seeder.PushImageAsync("private/app", image, "1");
        }

        using (var anonymous = new TempStore())
        {
            var denied = await Assert.ThrowsAsync<ImageTasks.Core.Registry.RegistryException>(() => anonymous.PullAsync($"{registry.Host}/private/app:1"));
            Assert.StartsWith($"pull access denied for {registry.Host}/private/app:1, repository does not exist or may require 'docker login'", denied.Message, StringComparison.Ordinal);
        }

        using var config = DockerConfig.WithAuth(registry.Host, "ci", "s3cret-pass");
        using var store = new TempStore(config.Directory);
        var result = await store.PullAsync($"{registry.Host}/private/app:1");
        Assert.Equal(image.Digest, result.Manifest.ToString());
    }
}
