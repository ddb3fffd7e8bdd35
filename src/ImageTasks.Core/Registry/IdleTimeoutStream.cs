using ImageTasks.Core.IO;

namespace ImageTasks.Core.Registry;

/// <summary>
/// A body stream that gives up when a read brings nothing for the idle timeout: "registry H stalled: no bytes for 30s
/// while reading blob sha256:...". A byte every few seconds keeps it alive; a body that stops does not hang the caller.
/// </summary>
internal sealed class IdleTimeoutStream : ForwardReadStream
{
    private readonly Stream _inner;
    private readonly TimeSpan _idle;
    private readonly string _peer;
    private readonly string _what;
    private long _read;

    public IdleTimeoutStream(Stream inner, TimeSpan idle, string peer, string what)
    {
        _inner = inner;
        _idle = idle;
        _peer = peer;
        _what = what;
    }

    public override long BytesRead => _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_idle);
        try
        {
            var n = await _inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            _read += n;
            return n;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RegistryException($"{_peer} stalled: no bytes for {TimeoutHandler.Seconds(_idle)} while reading {_what} (after {_read} bytes)", innerException: e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
