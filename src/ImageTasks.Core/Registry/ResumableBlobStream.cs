using System.Net;
using ImageTasks.Core.IO;

namespace ImageTasks.Core.Registry;

/// <summary>
/// A blob's body that survives dropped connections: when a read fails part-way, it asks again with
/// <c>Range: bytes=N-</c> and continues where it stopped, so the readers above (hashing, decompression) never notice.
/// </summary>
internal sealed class ResumableBlobStream : ForwardReadStream
{
    private readonly Func<long, CancellationToken, Task<HttpResponseMessage>> _openAt;
    private readonly long? _length;
    private readonly TimeSpan _backoff;
    private HttpResponseMessage _response;
    private Stream _body;
    private long _position;
    private int _resumesLeft;

    private ResumableBlobStream(Func<long, CancellationToken, Task<HttpResponseMessage>> openAt, HttpResponseMessage response, Stream body, long? length, int resumes, TimeSpan backoff)
    {
        _openAt = openAt;
        _response = response;
        _body = body;
        _length = length;
        _resumesLeft = resumes;
        _backoff = backoff;
    }

    /// <param name="openAt">sends the GET from an offset (0: the whole blob) and returns the response, not yet checked</param>
    public static async Task<ResumableBlobStream> OpenAsync(Func<long, CancellationToken, Task<HttpResponseMessage>> openAt, long? length, int resumes, TimeSpan backoff, CancellationToken cancellationToken)
    {
        var response = await openAt(0, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new ResumableBlobStream(openAt, response, body, length ?? response.Content.Headers.ContentLength, resumes, backoff);
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
            catch (Exception e) when (e is IOException or HttpRequestException && _resumesLeft > 0 && !cancellationToken.IsCancellationRequested)
            {
                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // Out of resumes: the registry's failure (IMG1008), not a file of ours that could not be read.
                throw new RegistryException($"the connection to the registry broke at byte {_position} of the blob, after {Resumes} resumes: {e.Message}", innerException: e);
            }

            // A body that ends before its declared length was cut short: resume rather than hand back a truncated blob.
            if (read == 0 && _length is { } length && _position < length && buffer.Length > 0)
            {
                if (_resumesLeft <= 0)
                {
                    throw new RegistryException($"the registry's blob ended after {_position} of {length} bytes, after {Resumes} resumes");
                }

                await ResumeAsync(cancellationToken).ConfigureAwait(false);
                continue;
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
            throw new RegistryException($"resuming the blob at byte {_position} failed: {(int)_response.StatusCode} {_response.ReasonPhrase}", _response.StatusCode);
        }

        _body = await _response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (_response.StatusCode == HttpStatusCode.PartialContent)
        {
            var start = _response.Content.Headers.ContentRange?.From;
            if (start != _position)
            {
                throw new RegistryException($"the registry resumed the blob at byte {start} instead of {_position}");
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
                throw new RegistryException("the registry's blob ended while skipping to the resume point");
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
