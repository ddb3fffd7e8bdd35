using System.Text;
using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>
/// A loopback server that plays a hostile or broken registry: it stalls, trickles, never stops sending, or lies about
/// lengths. Every case ends in one line naming the host and what went wrong, quickly, with memory and disk bounded.
/// The client runs with 1 s timeouts so a stall costs a second; <see cref="Bounded"/> fails a test that would hang.
/// </summary>
public sealed class HostileRegistryTests
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    private static readonly TimeSpan Short = TimeSpan.FromSeconds(1);

    private static readonly string Manifest =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
        + new string('a', 64) + "\",\"size\":2},\"layers\":[]}";

    [Fact]
    public async Task A_registry_that_accepts_and_never_answers_is_given_up_after_the_headers_timeout()
    {
        await using var server = HostileServer.Start((_, response, token) => response.StallAsync(token));
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.Equal($"registry {server.Host} sent no response headers within 1s", error.Message);
        Assert.Single(server.Requests); // a stall is not retried: five more waits would only multiply it
    }

    [Fact]
    public async Task A_host_that_never_completes_the_connection_is_given_up_after_the_connect_timeout()
    {
        // A listener whose accept queue is full: the kernel drops further SYNs, so a connect neither fails nor succeeds.
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(0);
        var host = $"127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndPoint!).Port}";
        var fillers = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var filler = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                fillers.Add(filler);
                _ = filler.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)listener.LocalEndPoint!).Port);
            }

            await Task.Delay(200);
            using var client = new RegistryClient(new RegistryOptions { ConnectTimeout = Short, MaxAttempts = 1 });
            var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Core.References.Repository.Parse($"{host}/app"), "1", CancellationToken.None)));

            Assert.Equal($"registry {host} could not be connected to within 1s", error.Message);
        }
        finally
        {
            fillers.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task A_blob_that_trickles_within_the_idle_timeout_arrives_and_one_that_stalls_is_abandoned()
    {
        var content = Encoding.ASCII.GetBytes("slow!");
        var digest = Digest.Compute(content);
        await using var server = HostileServer.Start(async (request, response, token) =>
        {
            await response.HeadAsync(200, token, ("Content-Length", "5"));
            var stall = request.Target.Contains("stall", StringComparison.Ordinal);
            for (var i = 0; i < content.Length; i++)
            {
                await response.Stream.WriteAsync(content.AsMemory(i, 1), token);
                await response.Stream.FlushAsync(token);
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
                if (stall && i == 1)
                {
                    await response.StallAsync(token);
                    return;
                }
            }
        });
        // A 2 s idle limit against a byte every 0.2 s: a wide margin on a loaded machine.
        using var client = new RegistryClient(new RegistryOptions { ResponseHeadersTimeout = Short, ReadIdleTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 1 });

        // Slow but live: a byte every 0.2 s.
        using (var received = new MemoryStream())
        {
            await using var blob = await client.OpenBlobAsync(Repository(server), digest, content.Length, CancellationToken.None);
            await Bounded(blob.CopyToAsync(received));
            Assert.Equal(content, received.ToArray());
        }

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(async () =>
        {
            await using var blob = await client.OpenBlobAsync(Core.References.Repository.Parse($"{server.Host}/stall"), digest, content.Length, CancellationToken.None);
            await blob.CopyToAsync(Stream.Null);
        }));
        Assert.Equal($"registry {server.Host} stalled: no bytes for 2s while reading blob {digest} (after 2 bytes)", error.Message);
    }

    [Fact]
    public async Task An_endless_blob_is_cut_at_its_descriptor_size_plus_one_byte()
    {
        await using var server = HostileServer.Start((_, response, token) => response.EndlessChunkedAsync(200, token));
        using var client = Client();
        var digest = Digest.Compute(new byte[1000]);
        var written = new CountingStream();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(async () =>
        {
            await using var blob = await client.OpenBlobAsync(Repository(server), digest, 1000, CancellationToken.None);
            await blob.CopyToAsync(written);
        }));

        Assert.Equal($"blob {digest} of {server.Host}/app is longer than the 1000 bytes its descriptor gives; refused at byte 1001", error.Message);
        Assert.True(written.Count <= 1000, $"{written.Count} bytes were handed on");
    }

    [Fact]
    public async Task A_chunked_manifest_over_4_MiB_is_refused_although_no_length_was_announced()
    {
        // Valid JSON all the same: a manifest followed by 5 MiB of whitespace.
        var body = Encoding.UTF8.GetBytes(Manifest + new string(' ', 5 * 1024 * 1024));
        await using var server = HostileServer.Start(async (_, response, token) =>
        {
            await response.HeadAsync(200, token, ("Content-Type", OciManifest), ("Transfer-Encoding", "chunked"));
            await response.Stream.WriteAsync(Encoding.ASCII.GetBytes($"{body.Length:x}\r\n"), token);
            await response.Stream.WriteAsync(body, token);
            await response.Stream.WriteAsync("\r\n0\r\n\r\n"u8.ToArray(), token);
        });
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.Equal($"manifest for {server.Host}/app:1 from registry {server.Host} is larger than 4194304 bytes; refused", error.Message);
    }

    [Fact]
    public async Task An_endless_error_body_is_read_no_further_than_64_KiB_and_the_status_is_still_reported()
    {
        await using var server = HostileServer.Start((_, response, token) => response.EndlessChunkedAsync(404, token, ("Content-Type", "application/json")));
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.Equal($"manifest for {server.Host}/app:1 not found: manifest unknown", error.Message);
    }

    [Fact]
    public async Task An_endless_token_answer_is_refused_past_1_MiB()
    {
        await using var server = HostileServer.Start(async (request, response, token) =>
        {
            if (request.Path == "/token")
            {
                await response.EndlessChunkedAsync(200, token, ("Content-Type", "application/json"));
                return;
            }

            await response.SendAsync(401, "{}", token, ("WWW-Authenticate", $"Bearer realm=\"http://127.0.0.1:{PortOf(request)}/token\",service=\"evil\""));
        });
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.Equal($"token answer from token server {server.Host} is larger than 1048576 bytes; refused", error.Message);
    }

    [Fact]
    public async Task An_endless_tag_list_is_refused_past_its_bound()
    {
        await using var server = HostileServer.Start((_, response, token) => response.EndlessChunkedAsync(200, token, ("Content-Type", "application/json")));
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.ListTagsAsync(Repository(server), CancellationToken.None)));

        Assert.Equal($"tags of {server.Host}/app from registry {server.Host} is larger than 16777216 bytes; refused", error.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/token")]
    public async Task A_realm_that_is_not_http_is_refused_with_one_line(string realm)
    {
        await using var server = HostileServer.Start((_, response, token) =>
            response.SendAsync(401, "{}", token, ("WWW-Authenticate", $"Bearer realm=\"{realm}\",service=\"evil\"")));
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.Equal($"registry {server.Host} asked for a token from {new Uri(realm).Scheme}: realm {realm}; only http and https realms are used", error.Message);
    }

    [Fact]
    public async Task A_manifest_shorter_than_its_content_length_is_one_line()
    {
        await using var server = HostileServer.Start(async (_, response, token) =>
        {
            await response.HeadAsync(200, token, ("Content-Type", OciManifest), ("Content-Length", "1000"));
            await response.Stream.WriteAsync(Encoding.UTF8.GetBytes(Manifest[..10]), token);
        });
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(Repository(server), "1", CancellationToken.None)));

        Assert.StartsWith($"manifest for {server.Host}/app:1 from registry {server.Host} broke off after 10 bytes: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(1000, 10)] // the registry promises more than it sends
    [InlineData(5, 10)] // the registry promises less than the descriptor's size (and sends more)
    public async Task A_blob_whose_content_length_lies_is_one_line_after_the_resumes(int declared, int sent)
    {
        var content = new byte[10];
        var digest = Digest.Compute(content);
        await using var server = HostileServer.Start(async (_, response, token) =>
        {
            await response.HeadAsync(200, token, ("Content-Length", declared.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            await response.Stream.WriteAsync(content.AsMemory(0, sent), token);
        });
        using var client = Client();

        var error = await Bounded(Assert.ThrowsAsync<RegistryException>(async () =>
        {
            await using var blob = await client.OpenBlobAsync(Repository(server), digest, declared == 5 ? 10 : declared, CancellationToken.None);
            await blob.CopyToAsync(Stream.Null);
        }));

        Assert.True(error.Message.StartsWith($"blob {digest} of {server.Host}/app", StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(server.Requests.Count > 1, "the blob was resumed before giving up");
    }

    [Theory]
    [InlineData("127.0.0.1:99999/app:1")]
    [InlineData("localhost:65536/app:1")]
    public async Task A_port_out_of_range_is_an_invalid_reference_not_a_crash(string reference)
    {
        using var client = Client();
        var parsed = ImageReference.Parse(reference);

        var error = await Assert.ThrowsAsync<RegistryException>(() => client.GetManifestAsync(parsed.Repository, "1", CancellationToken.None));

        Assert.Equal($"invalid reference format: registry {parsed.Domain} is not a host with a port from 1 to 65535", error.Message);
    }

    private static RegistryClient Client() => new(new RegistryOptions
    {
        ResponseHeadersTimeout = Short,
        ReadIdleTimeout = Short,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxAttempts = 3,
    });

    private static Repository Repository(HostileServer server) => Core.References.Repository.Parse($"{server.Host}/app");

    private static string PortOf(HostileRequest request) =>
        (request.Header("Host") ?? "").Split(':')[^1];

    /// <summary>Before the fixes these cases hung; a test must fail instead of waiting forever.</summary>
    private static async Task<T> Bounded<T>(Task<T> task) => await task.WaitAsync(TimeSpan.FromSeconds(15));

    private static async Task Bounded(Task task) => await task.WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Counts what it is given and keeps none of it.</summary>
    private sealed class CountingStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush() { }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;
    }
}
