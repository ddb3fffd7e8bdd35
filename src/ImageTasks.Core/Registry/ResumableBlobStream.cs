using System.Net;
using ImageTasks.Core.IO;

namespace ImageTasks.Core.Registry;

/// <summary>
/// A blob's body that survives dropped connections: when a read fails part-way, it asks again with
/// <c>Range: bytes=N-</c> and continues where it stopped, so the readers above (hashing, decompression) never notice.
/// Never longer than its descriptor says: the byte past the size ends the read with an error, so an endless body cannot
/// fill the disk. When the resumes run out, the error is one line naming the blob and the registry.
/// </summary>
internal sealed class ResumableBlobStream : ForwardReadStream
{
    private readonly Func<long, CancellationToken, Task<HttpResponseMessage>> _openAt;
    private readonly long? _length;
    private readonly TimeSpan _backoff;
    private readonly string _what;
    private HttpResponseMessage _response;
    private Stream _body;
    private long _position;
    private int _resumesLeft;

    private ResumableBlobStream(Func<long, CancellationToken, Task<HttpResponseMessage>> openAt, HttpResponseMessage response, Stream body, long? length, int resumes, TimeSpan backoff, string what)
    {
        _what = what;
        _openAt = openAt;
        _response = response;
        _body = body;
        _length = length;
        _resumesLeft = resumes;
        _backoff = backoff;
    }

    /// <param name="openAt">sends the GET from an offset (0: the whole blob) and returns the response, not yet checked</param>
    /// <param name="length">the descriptor's size: the body is refused past it (null: the Content-Length, if any)</param>
    /// <param name="what">the blob and where it comes from, for errors: "blob sha256:... of 127.0.0.1:5000/app"</param>
    public static async Task<ResumableBlobStream> OpenAsync(Func<long, CancellationToken, Task<HttpResponseMessage>> openAt, long? length, int resumes, TimeSpan backoff, string what, CancellationToken cancellationToken)
    {
        var response = await openAt(0, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new ResumableBlobStream(openAt, response, body, length ?? response.Content.Headers.ContentLength, resumes, backoff, what);
    }

    /// <summary>How many times the body was resumed with a Range request.</summary>
    public int Resumes { get; private set; }

    public override long Length => _length ?? throw new NotSupportedException();

    public override long BytesRead => _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            int read;
            try
            {
                read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                if (_resumesLeft <= 0)
                {
                    // Out of resumes: the registry's failure (IMG1008), not a file of ours that could not be read.
                    throw new RegistryException($"{_what}: the connection broke at byte {_position}, after {Resumes} resumes: {e.Message}", innerException: e);
                }

                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // A body that ends before its declared length was cut short: resume rather than hand back a truncated blob.
            if (read == 0 && _length is { } length && _position < length && buffer.Length > 0)
            {
                if (_resumesLeft <= 0)
                {
                    throw new RegistryException($"{_what} ended after {_position} of {length} bytes, also after {Resumes} resumes");
                }

                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Past the size the descriptor gives, nothing more is taken: the bytes were not asked for.
            if (_length is { } size && _position + read > size)
            {
                throw new RegistryException($"{_what} is longer than the {size} bytes its descriptor gives; refused at byte {size + 1}");
            }

            _position += read;
            return read;
        }
    }

    private async Task ResumeAsync(CancellationToken cancellationToken)
    {
        _resumesLeft--;
        Resumes++;
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        await Task.Delay(_backoff, cancellationToken).ConfigureAwait(false);

        _response = await _openAt(_position, cancellationToken).ConfigureAwait(false);
        if (!_response.IsSuccessStatusCode)
        {
            throw new RegistryException($"{_what}: resuming at byte {_position} failed: {(int)_response.StatusCode} {_response.ReasonPhrase}", _response.StatusCode);
        }

        _body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_response.StatusCode == HttpStatusCode.PartialContent)
        {
            var start = _response.Content.Headers.ContentRange?.From;
            if (start != _position)
            {
                throw new RegistryException($"{_what}: the registry resumed at byte {start} instead of {_position}");
            }

            return;
        }

        // The server ignored Range and sent the whole blob again: skip what we already have.
        var skip = _position;
        var scratch = new byte[81920];
        while (skip > 0)
        {
            var n = await _body.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, skip)), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new RegistryException($"{_what} ended while skipping to the resume point {_position}");
            }

            skip -= n;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }
}
