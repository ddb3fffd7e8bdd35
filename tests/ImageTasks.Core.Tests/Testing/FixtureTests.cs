using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ImageTasks.Testing;
using Xunit;

namespace ImageTasks.Core.Tests.Testing;

/// <summary>
/// Proves the shared fixture does what product tests rely on: a real registry, correctly built
/// synthetic images, a seed that raw HTTP and skopeo both read back, auth, and the fault proxy.
/// Seed-reading tests share one seeded registry; tests that write use their own repositories.
/// </summary>
public sealed class FixtureTests(StandardRegistryFixture fixture) : IClassFixture<StandardRegistryFixture>
{
    private StandardSeed Seed => fixture.Seed;

    private RegistryProcess Registry => fixture.Registry;

    [Fact]
    public async Task Registry_starts_on_loopback_and_answers_v2()
    {
        await using var registry = await RegistryProcess.StartAsync();
        Assert.StartsWith("127.0.0.1:", registry.Host, StringComparison.Ordinal);
        Assert.True(Directory.Exists(registry.StorageDirectory));

        using var client = registry.CreateClient();
        using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Headers.GetValues("Docker-Distribution-Api-Version").Single());
        Assert.Equal(1, await registry.CountRequestsAsync("GET", "/v2/"));
        Assert.Contains("listening on", registry.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_registry_deletes_its_folders_and_closes_the_port()
    {
        var registry = await RegistryProcess.StartAsync();
        var storage = registry.StorageDirectory;
        var baseUri = registry.BaseUri;
        await registry.DisposeAsync();

        Assert.False(Directory.Exists(storage));
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(baseUri, "v2/")));
        Assert.Contains("listening on", registry.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_registry_binary_says_how_to_install_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RegistryProcess.StartAsync(new RegistryProcessOptions { Executable = "docker-registry-that-does-not-exist" }));

        Assert.Equal("docker-registry is not installed: run build/test.sh or apt-get install -y docker-registry", error.Message);
    }

    [Fact]
    public async Task A_registry_that_never_answers_times_out_with_its_log_tail()
    {
        using var scripts = new ImageFactory();
        var fake = await WriteScriptAsync(scripts.Directory, "hung-registry", "echo fake registry is warming up\nexec sleep 60");

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => RegistryProcess.StartAsync(new RegistryProcessOptions { Executable = fake, ReadyTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Contains("did not answer GET http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("fake registry is warming up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_that_exits_early_reports_its_exit_code_and_log()
    {
        using var scripts = new ImageFactory();
        var fake = await WriteScriptAsync(scripts.Directory, "broken-registry", "echo \"configuration error: $1 is bad\" >&2\nexit 3");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RegistryProcess.StartAsync(new RegistryProcessOptions { Executable = fake }));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("configuration error: serve is bad", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synthetic_layers_are_gzip_tars_whose_diff_ids_match_the_config()
    {
        using var factory = new ImageFactory(seed: 42);
        var image = await factory.CreateImageAsync(new SyntheticImageOptions
        {
            Name = "check",
            Format = ManifestFormat.Oci,
            Platform = ImagePlatform.LinuxArm64V8,
            NewLayers = 2,
            FilesPerLayer = 2,
            FileSize = 100_000,
            Labels = new Dictionary<string, string> { ["purpose"] = "test" },
        });

        var config = image.Config.Json;
        var diffIds = config["rootfs"]!["diff_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(image.Layers.Select(l => l.DiffId), diffIds);
        Assert.Equal("arm64", config["architecture"]!.GetValue<string>());
        Assert.Equal("v8", config["variant"]!.GetValue<string>());
        Assert.Equal("linux", config["os"]!.GetValue<string>());
        Assert.Equal("test", config["config"]!["Labels"]!["purpose"]!.GetValue<string>());
        Assert.NotNull(config["created"]);
        var history = config["history"]!.AsArray();
        Assert.Equal(image.Layers.Count, history.Count(h => h!["empty_layer"] is null));
        Assert.Contains(history, h => h!["empty_layer"]?.GetValue<bool>() == true);
        Assert.All(history, h => Assert.NotNull(h!["created_by"]));

        foreach (var layer in image.Layers)
        {
            Assert.Equal(layer.Digest, await Digests.Sha256FileAsync(layer.FilePath));
            Assert.Equal(new FileInfo(layer.FilePath).Length, layer.Size);

            using var uncompressed = new MemoryStream();
            await using (var gzip = new GZipStream(layer.OpenRead(), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(uncompressed);
            }

            Assert.Equal(layer.DiffId, Digests.Sha256(uncompressed.ToArray()));
            uncompressed.Position = 0;
            var files = new List<(string Name, long Length)>();
            await using var tar = new TarReader(uncompressed);
            while (await tar.GetNextEntryAsync() is { } entry)
            {
                if (entry.EntryType == TarEntryType.RegularFile)
                {
                    files.Add((entry.Name, entry.Length));
                }
            }

            Assert.Equal(layer.Files, files.Select(f => f.Name));
            Assert.All(files, f => Assert.Equal(100_000, f.Length));
        }

        var manifest = JsonNode.Parse(image.Bytes)!;
        Assert.Equal(FixtureMediaTypes.OciManifest, manifest["mediaType"]!.GetValue<string>());
        Assert.Equal(FixtureMediaTypes.OciConfig, manifest["config"]!["mediaType"]!.GetValue<string>());
        Assert.Equal(image.Config.Digest, manifest["config"]!["digest"]!.GetValue<string>());
        Assert.All(manifest["layers"]!.AsArray(), l => Assert.Equal(FixtureMediaTypes.OciLayer, l!["mediaType"]!.GetValue<string>()));
        Assert.Equal(image.Digest, Digests.Sha256(image.Bytes));
        Assert.Contains("\"application/vnd.oci.image.manifest.v1+json\"", image.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_docker_images_use_docker_media_types_and_share_the_base_layer()
    {
        var manifest = JsonNode.Parse(Seed.SharedOne.Image.Bytes)!;
        Assert.Equal(FixtureMediaTypes.DockerManifest, manifest["mediaType"]!.GetValue<string>());
        Assert.Equal(FixtureMediaTypes.DockerConfig, manifest["config"]!["mediaType"]!.GetValue<string>());
        Assert.All(manifest["layers"]!.AsArray(), l => Assert.Equal(FixtureMediaTypes.DockerLayer, l!["mediaType"]!.GetValue<string>()));

        Assert.Same(Seed.SharedBaseLayer, Seed.SharedOne.Image.Layers[0]);
        Assert.Same(Seed.SharedBaseLayer, Seed.SharedTwo.Image.Layers[0]);
        Assert.NotEqual(Seed.SharedOne.Digest, Seed.SharedTwo.Digest);
    }

    [Fact]
    public async Task Shared_base_layer_is_in_both_repositories()
    {
        using var client = Registry.CreateClient();
        foreach (var repository in new[] { StandardSeed.SharedOneRepository, StandardSeed.SharedTwoRepository })
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{repository}/blobs/{Seed.SharedBaseLayer.Digest}");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Seed.SharedBaseLayer.Size, response.Content.Headers.ContentLength);
        }
    }

    [Theory]
    [InlineData(StandardSeed.MultiOciRepository, FixtureMediaTypes.OciIndex, FixtureMediaTypes.OciManifest)]
    [InlineData(StandardSeed.MultiDockerRepository, FixtureMediaTypes.DockerManifestList, FixtureMediaTypes.DockerManifest)]
    public async Task Seeded_indexes_pull_with_raw_HttpClient(string repository, string indexType, string manifestType)
    {
        var seeded = Seed.Indexes.Single(i => i.Repository == repository);
        using var client = Registry.CreateClient();

        var (indexBytes, indexHeaders) = await GetAsync(client, $"v2/{repository}/manifests/{seeded.Tag}", indexType);
        Assert.Equal(seeded.Index.Bytes, indexBytes);
        Assert.Equal(indexType, indexHeaders.ContentType);
        Assert.Equal(seeded.Digest, indexHeaders.Digest);
        Assert.Equal(seeded.Digest, Digests.Sha256(indexBytes));

        var entries = JsonNode.Parse(indexBytes)!["manifests"]!.AsArray();
        Assert.Equal(4, entries.Count);
        Assert.Equal(
            ["linux/amd64", "linux/arm64/v8", "linux/arm/v7", "windows/amd64"],
            seeded.Index.Images.Select(i => i.Platform.ToString()));
        Assert.Equal(seeded.Index.Images.Select(i => i.Digest).Order(StringComparer.Ordinal), seeded.PlatformDigests.Values.Order(StringComparer.Ordinal));
        foreach (var entry in entries)
        {
            var platform = entry!["platform"]!;
            var expected = StandardSeed.Platforms.Single(p =>
                p.Os == platform["os"]!.GetValue<string>()
                && p.Architecture == platform["architecture"]!.GetValue<string>()
                && p.Variant == platform["variant"]?.GetValue<string>());
            Assert.Equal(expected.OsVersion, platform["os.version"]?.GetValue<string>());
            var digest = entry["digest"]!.GetValue<string>();
            Assert.Equal(seeded.PlatformDigests[expected.ToString()], digest);
            Assert.Equal(manifestType, entry["mediaType"]!.GetValue<string>());

            var (manifestBytes, manifestHeaders) = await GetAsync(client, $"v2/{repository}/manifests/{digest}", manifestType);
            Assert.Equal(digest, Digests.Sha256(manifestBytes));
            Assert.Equal(manifestType, manifestHeaders.ContentType);

            var configDigest = JsonNode.Parse(manifestBytes)!["config"]!["digest"]!.GetValue<string>();
            var (configBytes, _) = await GetAsync(client, $"v2/{repository}/blobs/{configDigest}", accept: null);
            var config = JsonNode.Parse(configBytes)!;
            Assert.Equal(expected.Architecture, config["architecture"]!.GetValue<string>());
            Assert.Equal(expected.Os, config["os"]!.GetValue<string>());
            Assert.Equal(expected.Variant, config["variant"]?.GetValue<string>());
            Assert.Equal(expected.OsVersion, config["os.version"]?.GetValue<string>());
            Assert.Equal(expected.ToString(), config["config"]!["Labels"]!["org.imagetasks.fixture.platform"]!.GetValue<string>());

            var layerDigest = JsonNode.Parse(manifestBytes)!["layers"]![0]!["digest"]!.GetValue<string>();
            var (layerBytes, _) = await GetAsync(client, $"v2/{repository}/blobs/{layerDigest}", accept: null);
            Assert.Equal(layerDigest, Digests.Sha256(layerBytes));
        }
    }

    [Fact]
    public async Task Small_image_has_two_tags_on_one_manifest_and_HEADs_are_counted()
    {
        using var client = Registry.CreateClient();
        var path = $"/v2/{StandardSeed.SmallRepository}/manifests/";
        var before = await Registry.CountRequestsAsync("HEAD", path);

        foreach (var tag in Seed.Small.Tags)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/{StandardSeed.SmallRepository}/manifests/{tag}");
            request.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.DockerManifest);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Seed.Small.Digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        }

        Assert.Equal(["1.0", "latest"], Seed.Small.Tags);
        Assert.Equal(before + 2, await Registry.CountRequestsAsync("HEAD", path));
        Assert.Equal("3.19", Seed.Small.Image.Labels["org.opencontainers.image.version"]);
    }

    [Fact]
    public async Task Oci_image_needs_the_oci_type_in_accept()
    {
        using var client = Registry.CreateClient();
        var (bytes, headers) = await GetAsync(client, $"v2/{StandardSeed.OciRepository}/manifests/1", FixtureMediaTypes.OciManifest);
        Assert.Equal(Seed.Oci.Image.Bytes, bytes);
        Assert.Equal(Seed.Oci.Digest, headers.Digest);
        Assert.Equal(2, Seed.Oci.Image.Layers.Count);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{StandardSeed.OciRepository}/manifests/1");
        request.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.DockerManifest);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Seeder_skips_blobs_the_repository_already_has()
    {
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { NewLayers = 2 });
        using var seeder = Registry.CreateSeeder();

        Assert.Equal(image.Digest, await seeder.PushImageAsync("seeder/twice", image, "a"));
        var posts = await Registry.CountRequestsAsync("POST", "/v2/seeder/twice/blobs/uploads/");
        Assert.Equal(image.Digest, await seeder.PushImageAsync("seeder/twice", image, "b"));

        Assert.Equal(3, posts);
        Assert.Equal(3, await Registry.CountRequestsAsync("POST", "/v2/seeder/twice/blobs/uploads/"));
        Assert.Equal(image.Digest, await seeder.TagAsync("seeder/twice", "a", "c"));
    }

    [Fact]
    public async Task Skopeo_inspect_raw_returns_the_seeded_index_bytes()
    {
        Assert.True(Skopeo.IsInstalled, "skopeo is not installed: run build/test.sh or apt-get install -y skopeo");
        var skopeo = new Skopeo();

        var result = await skopeo.RunAsync("inspect", "--tls-verify=false", "--raw", $"docker://{Seed.MultiOci.Reference(Registry.Host)}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Seed.MultiOci.Index.Text, result.StandardOutput);
    }

    [Fact]
    public async Task Skopeo_seeded_oci_layout_image_exists_in_the_registry()
    {
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "via-skopeo-oci", Format = ManifestFormat.Oci });
        var layout = Path.Combine(factory.Directory, "layout");
        await ImageLayouts.WriteOciLayoutAsync(layout, "v1", image);

        await new Skopeo().CopyOciDirToRegistryAsync(layout, "v1", $"{Registry.Host}/skopeo/oci:v1");

        using var client = Registry.CreateClient();
        var (bytes, headers) = await GetAsync(client, "v2/skopeo/oci/manifests/v1", FixtureMediaTypes.OciManifest);
        Assert.Equal(image.Digest, headers.Digest);
        Assert.Equal(image.Bytes, bytes);
    }

    [Fact]
    public async Task Skopeo_seeded_docker_dir_image_exists_in_the_registry()
    {
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "via-skopeo-dir", Format = ManifestFormat.Docker });
        var dir = Path.Combine(factory.Directory, "dir");
        await ImageLayouts.WriteSkopeoDirAsync(dir, image);

        await new Skopeo().CopyDirToRegistryAsync(dir, $"docker://{Registry.Host}/skopeo/dir:v1");

        using var client = Registry.CreateClient();
        var (bytes, headers) = await GetAsync(client, "v2/skopeo/dir/manifests/v1", FixtureMediaTypes.DockerManifest);
        Assert.Equal(image.Digest, headers.Digest);
        Assert.Equal(image.Bytes, bytes);
    }

    [Fact]
    public async Task Skopeo_pushes_and_pulls_through_the_proxy()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "skopeo-via-proxy", Format = ManifestFormat.Oci, FileSize = 200_000 });
        var layout = Path.Combine(factory.Directory, "layout");
        await ImageLayouts.WriteOciLayoutAsync(layout, "v1", image);
        var skopeo = new Skopeo();

        await skopeo.CopyOciDirToRegistryAsync(layout, "v1", $"{proxy.Host}/skopeo/proxied:v1");

        Assert.Equal(image.Text, await skopeo.InspectRawAsync($"{proxy.Host}/skopeo/proxied:v1"));
        Assert.NotEmpty(proxy.RequestsMatching("PUT", "/v2/skopeo/proxied/manifests/v1"));
        Assert.All(proxy.Requests, r => Assert.True(r.StatusCode < 500, $"{r.Method} {r.PathAndQuery} -> {r.StatusCode}"));
    }

    [Fact]
    public async Task Basic_auth_registry_refuses_anonymous_and_accepts_the_credentials()
    {
        await using var registry = await RegistryProcess.StartAsync(new RegistryProcessOptions { Username = "tester", Password = "s3cret!" });
        using var anonymous = registry.CreateClient(authenticated: false);
        using var authenticated = registry.CreateClient();

        using (var response = await anonymous.GetAsync(new Uri("v2/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, "v2/"))
        {
            request.Headers.Authorization = RegistryProcess.BasicAuthorization("tester", "wrong");
            using var response = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await authenticated.GetAsync(new Uri("v2/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync();
        using var seeder = registry.CreateSeeder();
        Assert.Equal(image.Digest, await seeder.PushImageAsync("private/app", image, "1"));
        var (bytes, _) = await GetAsync(authenticated, "v2/private/app/manifests/1", FixtureMediaTypes.DockerManifest);
        Assert.Equal(image.Bytes, bytes);
        using (var response = await anonymous.GetAsync(new Uri("v2/private/app/manifests/1", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var skopeo = new Skopeo();
        Assert.Equal(image.Text, await skopeo.InspectRawAsync($"{registry.Host}/private/app:1", credentials: "tester:s3cret!"));
        var refused = await skopeo.RunAsync("inspect", "--tls-verify=false", "--raw", $"docker://{registry.Host}/private/app:1");
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public async Task Proxy_injects_a_429_then_forwards()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        var path = $"/v2/{StandardSeed.MultiOciRepository}/manifests/1";
        var rule = proxy.RespondTooManyRequests(FaultProxy.When("GET", path), retryAfterSeconds: 2);
        var registryGetsBefore = await Registry.CountRequestsAsync("GET", path);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseUri };

        using (var first = await SendGetAsync(client, path, FixtureMediaTypes.OciIndex))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter!.Delta);
        }

        using (var second = await SendGetAsync(client, path, FixtureMediaTypes.OciIndex))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(Seed.MultiOci.Index.Bytes, await second.Content.ReadAsByteArrayAsync());
            Assert.Equal(Seed.MultiOci.Digest, second.Headers.GetValues("Docker-Content-Digest").Single());
        }

        Assert.Equal(1, rule.Hits);
        Assert.True(rule.Exhausted);
        var seen = proxy.RequestsMatching("GET", path);
        Assert.Equal([429, 200], seen.Select(r => r.StatusCode));
        Assert.IsType<StatusFault>(seen[0].Fault);
        Assert.Null(seen[1].Fault);
        Assert.Equal(FixtureMediaTypes.OciIndex, seen[1].Accept);
        Assert.Equal(registryGetsBefore + 1, await Registry.CountRequestsAsync("GET", path));
    }

    [Fact]
    public async Task Proxy_answers_scripted_server_errors()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        proxy.RespondWithStatus(FaultProxy.When("GET", "/v2/"), 503);
        proxy.RespondWithStatus(FaultProxy.When("GET", "/v2/"), 500);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseUri };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync(new Uri("v2/", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
    }

    [Fact]
    public async Task Proxy_closes_the_connection_after_n_body_bytes_and_records_range()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        var layer = Seed.Oci.Image.Layers[0];
        var path = $"/v2/{StandardSeed.OciRepository}/blobs/{layer.Digest}";
        proxy.CloseAfterBytes(FaultProxy.When("GET", path), bytes: 100);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseUri };

        // Headers promised the whole blob; the body stops at 100 bytes, so reading it fails.
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
        });

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Range = new RangeHeaderValue(100, null);
        using var resumed = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, resumed.StatusCode);
        var rest = await resumed.Content.ReadAsByteArrayAsync();
        Assert.Equal(layer.Size - 100, rest.Length);
        Assert.Equal(File.ReadAllBytes(layer.FilePath).AsSpan(100).ToArray(), rest);

        var seen = proxy.RequestsMatching("GET", path);
        Assert.Equal(2, seen.Count);
        Assert.IsType<CloseAfterBytesFault>(seen[0].Fault);
        Assert.Null(seen[0].Range);
        Assert.Equal("bytes=100-", seen[1].Range);
    }

    [Fact]
    public async Task Proxy_redirect_to_another_host_records_whether_authorization_followed()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        var path = $"/v2/{StandardSeed.SmallRepository}/manifests/1.0";
        proxy.RedirectToLocalhost(FaultProxy.When("GET", path), times: 2);
        var authorization = RegistryProcess.BasicAuthorization("someone", "pw");

        // HttpClient following the redirect itself: .NET drops Authorization when the redirect leaves the origin.
        using (var following = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = true }) { BaseAddress = proxy.BaseUri })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = authorization;
            request.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.DockerManifest);
            using var response = await following.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Seed.Small.Image.Bytes, await response.Content.ReadAsByteArrayAsync());
        }

        // A client that re-sends credentials to the new host by hand is recorded as doing so.
        using (var manual = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = proxy.BaseUri })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = authorization;
            using var redirect = await manual.SendAsync(request);
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
            Assert.Equal(new Uri($"http://{proxy.LocalhostAuthority}{path}"), redirect.Headers.Location);

            using var again = new HttpRequestMessage(HttpMethod.Get, redirect.Headers.Location);
            again.Headers.Authorization = authorization;
            again.Headers.TryAddWithoutValidation("Accept", FixtureMediaTypes.DockerManifest);
            using var response = await manual.SendAsync(again);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var seen = proxy.RequestsMatching("GET", path);
        Assert.Equal(4, seen.Count);
        Assert.Equal([proxy.Host, proxy.LocalhostAuthority, proxy.Host, proxy.LocalhostAuthority], seen.Select(r => r.Host));
        Assert.Equal([307, 200, 307, 200], seen.Select(r => r.StatusCode));
        Assert.Equal([true, false, true, true], seen.Select(r => r.HasAuthorization));
        Assert.Equal(authorization.ToString(), seen[3].Authorization);
    }

    [Fact]
    public async Task Proxy_forwards_pushes_and_keeps_upload_locations_on_the_proxy()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        using var factory = new ImageFactory();
        var image = await factory.CreateImageAsync(new SyntheticImageOptions { FileSize = 300_000 });
        using var seeder = new RegistrySeeder(proxy.BaseUri);

        Assert.Equal(image.Digest, await seeder.PushImageAsync("proxied/push", image, "1"));

        var puts = proxy.RequestsMatching("PUT", "/v2/proxied/push/blobs/uploads/");
        Assert.Equal(2, puts.Count);
        Assert.All(puts, p => Assert.Equal(201, p.StatusCode));
        using var client = Registry.CreateClient();
        var (bytes, _) = await GetAsync(client, $"v2/proxied/push/blobs/{image.Layers[0].Digest}", accept: null);
        Assert.Equal(image.Layers[0].Digest, Digests.Sha256(bytes));
    }

    [Fact]
    public async Task Proxy_forwards_chunked_request_bodies_and_expect_continue()
    {
        await using var proxy = FaultProxy.Start(Registry.BaseUri);
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseUri };
        var blob = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("chunked body through the proxy ", 2000)));
        var digest = Digests.Sha256(blob);

        using var start = await client.PostAsync(new Uri("v2/proxied/chunked/blobs/uploads/", UriKind.Relative), new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!;
        Assert.Equal(proxy.Host, location.Authority);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"{location}&digest={Uri.EscapeDataString(digest)}")
        {
            Content = new PiecewiseContent(blob),
        };
        put.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(put);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var recorded = proxy.RequestsMatching("PUT", "/v2/proxied/chunked/blobs/uploads/").Single();
        Assert.Equal("chunked", recorded.Header("Transfer-Encoding"));
        Assert.Equal("100-continue", recorded.Header("Expect"));
        using var direct = Registry.CreateClient();
        var (bytes, _) = await GetAsync(direct, $"v2/proxied/chunked/blobs/{digest}", accept: null);
        Assert.Equal(blob, bytes);
    }

    private static async Task<string> WriteScriptAsync(string directory, string name, string body)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static async Task<HttpResponseMessage> SendGetAsync(HttpClient client, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    private static async Task<(byte[] Bytes, (string? ContentType, string? Digest) Headers)> GetAsync(HttpClient client, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : null;
        return (body, (response.Content.Headers.ContentType?.MediaType, digest));
    }

    /// <summary>Content of unknown length, so HttpClient sends it chunked.</summary>
    private sealed class PiecewiseContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var third = bytes.Length / 3;
            await stream.WriteAsync(bytes.AsMemory(0, third));
            await stream.FlushAsync();
            await stream.WriteAsync(bytes.AsMemory(third));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
