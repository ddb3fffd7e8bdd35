using ImageTasks.Core.References;
using ImageTasks.Core.Registry;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Registry;

/// <summary>The response-headers timeout counts from when the request body has been sent, not from when sending began.</summary>
public sealed class SlowUploadTests
{
    [Fact]
    public async Task An_upload_that_takes_longer_than_the_headers_timeout_but_keeps_sending_completes()
    {
        await using var registry = await RegistryProcess.StartAsync();
        var content = new byte[10 * 1024];
        Random.Shared.NextBytes(content);
        var digest = Digest.Compute(content);
        var repository = Repository.Parse($"{registry.Host}/slow");
        using var client = new RegistryClient(new RegistryOptions { ResponseHeadersTimeout = TimeSpan.FromSeconds(1), ReadIdleTimeout = TimeSpan.FromSeconds(1) });

        var session = await client.StartUploadAsync(repository, CancellationToken.None);
        // 10 chunks 200 ms apart: two seconds of sending, twice the headers timeout.
        var sent = await client.TryPutBlobAsync(repository, session, digest, new TricklingStream(content, 1024, TimeSpan.FromMilliseconds(200)), content.Length, CancellationToken.None);

        Assert.True(sent);
        Assert.True(await client.BlobExistsAsync(repository, digest, CancellationToken.None));
    }

    /// <summary>Hands out <c>chunk</c> bytes per read, waiting <c>pause</c> before each.</summary>
    private sealed class TricklingStream(byte[] content, int chunk, TimeSpan pause) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => content.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= content.Length)
            {
                return 0;
            }

            await Task.Delay(pause, cancellationToken);
            var n = Math.Min(Math.Min(chunk, buffer.Length), content.Length - _position);
            content.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
