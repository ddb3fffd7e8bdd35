using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ImageTasks.Testing;

namespace ImageTasks.Cli.Tests.Commands;

/// <summary>
/// <c>dotnet image serve</c>: the store as a read-only registry, checked over HTTP as the distribution API specifies
/// it, and by the real clients (skopeo, docker, podman, our own pull) with the registry the images came from stopped.
/// </summary>
public sealed class ServeCommandTests : IClassFixture<ServedStoreFixture>
{
    private const string Zeros = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

    private readonly ServedStoreFixture _served;

    public ServeCommandTests(ServedStoreFixture served) => _served = served;

    private StandardSeed Seed => _served.Seed;

    private string Small => _served.Served(StandardSeed.SmallRepository);

    [Fact]
    public async Task The_version_check_answers_200_with_the_api_version_header()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Head })
        {
            using var response = await SendAsync(method, "/v2/");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("registry/2.0", Assert.Single(response.Headers.GetValues("Docker-Distribution-API-Version")));
            Assert.Equal(method == HttpMethod.Get ? "{}" : "", await response.Content.ReadAsStringAsync());
        }
    }

    public static TheoryData<string, string> StoredManifests => new()
    {
        { StandardSeed.SmallRepository, "1.0" },
        { StandardSeed.OciRepository, "1" },
        { StandardSeed.MultiOciRepository, "1" },
    };

    [Theory]
    [MemberData(nameof(StoredManifests))]
    public async Task Manifests_by_tag_and_by_digest_are_the_stored_bytes_with_their_own_media_type_for_GET_and_HEAD(string repository, string tag)
    {
        // A tag pulled through an index is served as that index: what the origin served for it.
        var (digest, mediaType, size) = (Seed.MultiOci.Digest, Seed.MultiOci.MediaType, Seed.MultiOci.Index.Size);
        if (repository != StandardSeed.MultiOciRepository)
        {
            var image = Seed.Images.First(i => i.Repository == repository);
            (digest, mediaType, size) = (image.Digest, image.MediaType, image.Image.Size);
        }

        foreach (var reference in new[] { tag, digest })
        {
            using var get = await SendAsync(HttpMethod.Get, $"/v2/{_served.Served(repository)}/manifests/{reference}");
            using var head = await SendAsync(HttpMethod.Head, $"/v2/{_served.Served(repository)}/manifests/{reference}");

            foreach (var response in new[] { get, head })
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
                Assert.Equal(digest, Assert.Single(response.Headers.GetValues("Docker-Content-Digest")));
                Assert.Equal(size, response.Content.Headers.ContentLength);
            }

            Assert.Equal(digest, Digests.Sha256(await get.Content.ReadAsByteArrayAsync()));
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Platforms_of_an_index_are_served_by_digest_when_the_store_holds_them_and_unknown_otherwise()
    {
        var name = _served.Served(StandardSeed.MultiOciRepository);
        using var held = await SendAsync(HttpMethod.Get, $"/v2/{name}/manifests/{Seed.MultiOci.PlatformDigests["linux/amd64"]}");
        using var missing = await SendAsync(HttpMethod.Get, $"/v2/{name}/manifests/{Seed.MultiOci.PlatformDigests["linux/arm64/v8"]}");

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "MANIFEST_UNKNOWN"), (missing.StatusCode, await ErrorCodeAsync(missing)));
    }

    [Fact]
    public async Task Blobs_stream_whole_by_range_and_by_suffix_and_a_range_past_the_end_is_416()
    {
        var layer = Seed.Small.Image.Layers[0];
        var bytes = await File.ReadAllBytesAsync(layer.FilePath);
        var path = $"/v2/{Small}/blobs/{layer.Digest}";

        using var whole = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(layer.Digest, Assert.Single(whole.Headers.GetValues("Docker-Content-Digest")));
        Assert.Equal("bytes", Assert.Single(whole.Headers.AcceptRanges));
        Assert.Equal(bytes.Length, whole.Content.Headers.ContentLength);

        using var head = await SendAsync(HttpMethod.Head, path);
        Assert.Equal((HttpStatusCode.OK, bytes.Length), (head.StatusCode, (int)head.Content.Headers.ContentLength!));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        using var window = await SendAsync(HttpMethod.Get, path, new RangeHeaderValue(10, 19));
        Assert.Equal(HttpStatusCode.PartialContent, window.StatusCode);
        Assert.Equal($"bytes 10-19/{bytes.Length}", window.Content.Headers.ContentRange?.ToString());
        Assert.Equal(bytes[10..20], await window.Content.ReadAsByteArrayAsync());

        using var suffix = await SendAsync(HttpMethod.Get, path, new RangeHeaderValue(null, 7));
        Assert.Equal(HttpStatusCode.PartialContent, suffix.StatusCode);
        Assert.Equal(bytes[^7..], await suffix.Content.ReadAsByteArrayAsync());

        using var past = await SendAsync(HttpMethod.Get, path, new RangeHeaderValue(bytes.Length, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
        Assert.Equal($"bytes */{bytes.Length}", past.Content.Headers.ContentRange?.ToString());
    }

    [Theory]
    [InlineData("/v2/nothing/here/manifests/1", 404, "NAME_UNKNOWN")]
    [InlineData("/v2/nothing/here/tags/list", 404, "NAME_UNKNOWN")]
    [InlineData("/v2/SMALL/manifests/2.0", 404, "MANIFEST_UNKNOWN")]
    [InlineData("/v2/SMALL/manifests/" + Zeros, 404, "MANIFEST_UNKNOWN")]
    [InlineData("/v2/SMALL/blobs/" + Zeros, 404, "BLOB_UNKNOWN")]
    [InlineData("/v2/SMALL/blobs/sha256:abc", 400, "DIGEST_INVALID")]
    [InlineData("/v2/SMALL/manifests/sha256:abc", 400, "DIGEST_INVALID")]
    [InlineData("/v2/Upper/Case/manifests/1", 400, "NAME_INVALID")]
    [InlineData("/v2/_catalog?n=abc", 400, "PAGINATION_NUMBER_INVALID")]
    [InlineData("/v2/_catalog?n=1001", 400, "PAGINATION_NUMBER_INVALID")]
    [InlineData("/v1/search", 404, "NOT_FOUND")]
    public async Task What_the_store_lacks_or_cannot_be_gets_distributions_error_codes(string path, int status, string code)
    {
        using var response = await SendAsync(HttpMethod.Get, path.Replace("SMALL", Small, StringComparison.Ordinal));

        Assert.Equal((status, code), ((int)response.StatusCode, await ErrorCodeAsync(response)));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("PUT", "/v2/SMALL/manifests/2.0")]
    [InlineData("PUT", "/v2/brand/new/manifests/1")]
    [InlineData("POST", "/v2/SMALL/blobs/uploads/")]
    [InlineData("GET", "/v2/SMALL/blobs/uploads/0123")]
    [InlineData("PATCH", "/v2/SMALL/blobs/uploads/0123")]
    [InlineData("DELETE", "/v2/SMALL/manifests/1.0")]
    [InlineData("DELETE", "/v2/SMALL/blobs/LAYER")]
    [InlineData("OPTIONS", "/v2/")]
    public async Task Every_write_is_refused_as_unsupported_and_the_store_is_unchanged(string method, string path)
    {
        var index = await File.ReadAllBytesAsync(Path.Combine(_served.Cli.Store, "index.json"));
        var blobs = Directory.GetFiles(Path.Combine(_served.Cli.Store, "blobs", "sha256")).Length;
        using var request = new HttpRequestMessage(new HttpMethod(method), _served.Url(path
            .Replace("SMALL", Small, StringComparison.Ordinal).Replace("LAYER", Seed.Small.Image.Layers[0].Digest, StringComparison.Ordinal)))
        {
            Content = method is "PUT" or "POST" or "PATCH" ? new ByteArrayContent(Seed.Small.Image.Bytes) : null,
        };

        using var response = await _served.Http.SendAsync(request);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "UNSUPPORTED"), (response.StatusCode, await ErrorCodeAsync(response)));
        Assert.Equal(index, await File.ReadAllBytesAsync(Path.Combine(_served.Cli.Store, "index.json")));
        Assert.Equal(blobs, Directory.GetFiles(Path.Combine(_served.Cli.Store, "blobs", "sha256")).Length);
    }

    [Theory]
    [InlineData("/v2/../../../../etc/passwd")]
    [InlineData("/v2/%2e%2e/%2e%2e/etc/passwd/manifests/1")]
    [InlineData("/v2/..%2F..%2Fetc/manifests/passwd")]
    [InlineData("/v2/SMALL/blobs/..%2F..%2F..%2Findex.json")]
    [InlineData("/v2/SMALL/blobs/sha256:..%2F..%2Findex.json")]
    [InlineData("/v2/SMALL/blobs/sha256%2F..%2F..%2Findex.json")]
    [InlineData("/v2/SMALL/manifests/..%2F..%2Findex.json")]
    [InlineData("/v2/SMALL/manifests/%2e%2e")]
    [InlineData("/v2/imagetasks/blobs/..%2Fimagetasks%2Flock")]
    public async Task Names_and_digests_that_climb_out_are_refused_and_nothing_outside_the_blobs_is_read(string target)
    {
        var (status, text) = await RawGetAsync(target.Replace("SMALL", Small, StringComparison.Ordinal));

        Assert.InRange(status, 400, 404);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("schemaVersion", text, StringComparison.Ordinal);
        Assert.DoesNotContain("imageLayoutVersion", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_and_tag_lists_page_with_n_and_last_and_link_to_the_next_page()
    {
        var all = new[] { Small, _served.Served(StandardSeed.MultiOciRepository), _served.Served(StandardSeed.OciRepository), "library/alpine" }
            .Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(all, (await GetJsonAsync("/v2/_catalog")).GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));

        using var first = await SendAsync(HttpMethod.Get, "/v2/_catalog?n=3");
        Assert.Equal(all[..3], JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Equal($"</v2/_catalog?last={Uri.EscapeDataString(all[2])}&n=3>; rel=\"next\"", link);
        using var second = await SendAsync(HttpMethod.Get, link[1..link.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Equal(all[3..], JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
        Assert.False(second.Headers.Contains("Link"));

        var tags = await GetJsonAsync($"/v2/{Small}/tags/list");
        Assert.Equal(Small, tags.GetProperty("name").GetString());
        Assert.Equal(["1.0", "latest"], tags.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        using var page = await SendAsync(HttpMethod.Get, $"/v2/{Small}/tags/list?n=1");
        Assert.Equal($"</v2/{Small}/tags/list?last=1.0&n=1>; rel=\"next\"", Assert.Single(page.Headers.GetValues("Link")));
        Assert.Equal(["latest"], (await GetJsonAsync($"/v2/{Small}/tags/list?last=1.0")).GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Skopeo_inspects_and_copies_from_the_served_store_with_the_stored_digests()
    {
        var skopeo = new Skopeo();
        var inspect = await skopeo.RunAsync("inspect", "--tls-verify=false", $"docker://{_served.Server.Address}/library/alpine:3.19");
        Assert.True(inspect.Succeeded, inspect.StandardError);
        Assert.Equal(Seed.Small.Digest, JsonDocument.Parse(inspect.StandardOutput).RootElement.GetProperty("Digest").GetString());

        var layout = Directory.CreateTempSubdirectory("imagetasks-serve-oci-").FullName;
        try
        {
            var copy = await skopeo.RunAsync("--insecure-policy", "copy", "--src-tls-verify=false",
                $"docker://{_served.Server.Address}/{_served.Served(StandardSeed.OciRepository)}:1", $"oci:{layout}:app");
            Assert.True(copy.Succeeded, copy.StandardError);
            using var index = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(layout, "index.json")));
            Assert.Equal(Seed.Oci.Digest, index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
        }
        finally
        {
            Directory.Delete(layout, recursive: true);
        }
    }

    [Fact]
    public async Task Our_pull_from_the_served_store_fills_a_second_store_with_the_same_digests()
    {
        using var other = new CliRunner();
        var alpine = $"{_served.Server.Address}/library/alpine:3.19";
        var multi = $"{_served.Server.Address}/{_served.Served(StandardSeed.MultiOciRepository)}:1";

        var pulled = await other.RunAsync("pull", "-q", alpine);
        var digest = await other.RunAsync("digest", alpine);
        var id = await other.RunAsync("inspect", "--format", "{{.Id}}", alpine);
        var index = await other.RunAsync("pull", "--platform", "linux/amd64", multi);

        Assert.Equal((0, ""), (pulled.ExitCode, pulled.Error));
        Assert.Equal(Seed.Small.Digest, digest.Output.Trim());
        Assert.Equal(Seed.Small.Image.Config.Digest, id.Output.Trim());
        Assert.Equal((0, ""), (index.ExitCode, index.Error));
        Assert.Contains($"Digest: {Seed.MultiOci.Digest}", index.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_pulls_from_the_served_store_by_its_Docker_Hub_path()
    {
        await using var docker = await DockerDaemon.StartAsync();
        var alpine = $"{_served.Server.Address}/library/alpine:3.19";

        var pull = await docker.RunAsync("pull", alpine);
        var inspect = await docker.RunAsync("image", "inspect", "--format", "{{.Id}} {{json .RepoDigests}}", alpine);

        Assert.True(pull.Succeeded, pull.StandardError);
        Assert.True(inspect.Succeeded, pull.StandardOutput + inspect.StandardError);
        Assert.Equal($"{Seed.Small.Image.Config.Digest} [\"{_served.Server.Address}/library/alpine@{Seed.Small.Digest}\"]", inspect.StandardOutput.Trim());
    }

    [Fact]
    public async Task Podman_pulls_from_the_served_store_with_the_stored_digest_and_ID()
    {
        using var podman = new Podman();
        var alpine = $"{_served.Server.Address}/library/alpine:3.19";

        var pull = await podman.RunAsync("pull", "--tls-verify=false", alpine);
        var inspect = await podman.RunAsync("image", "inspect", "--format", "{{.Id}} {{.Digest}}", alpine);

        Assert.True(pull.Succeeded, pull.StandardError);
        Assert.True(inspect.Succeeded, pull.StandardOutput + inspect.StandardError);
        // podman's ID is the config digest without its algorithm.
        Assert.Equal($"{Seed.Small.Image.Config.Digest["sha256:".Length..]} {Seed.Small.Digest}", inspect.StandardOutput.Trim());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, RangeHeaderValue? range = null)
    {
        using var request = new HttpRequestMessage(method, _served.Url(pathAndQuery));
        request.Headers.Range = range;
        return await _served.Http.SendAsync(request);
    }

    private async Task<JsonElement> GetJsonAsync(string pathAndQuery)
    {
        using var response = await SendAsync(HttpMethod.Get, pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("code").GetString();

    /// <summary>Sends the request target exactly as written (HttpClient would normalise dot segments and escapes).</summary>
    private async Task<(int Status, string Text)> RawGetAsync(string target)
    {
        var endpoint = IPEndPoint.Parse(_served.Server.Address);
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {_served.Server.Address}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return (int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
