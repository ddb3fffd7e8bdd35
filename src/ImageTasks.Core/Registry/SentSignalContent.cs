using System.Net;

namespace ImageTasks.Core.Registry;

/// <summary>
/// A request body that says when it has been sent in full: the response-headers timeout starts then, so uploading a
/// large layer over a slow link is not mistaken for a registry that does not answer. It neither owns nor disposes the
/// body it wraps (the caller does), and carries the same headers.
/// </summary>
internal sealed class SentSignalContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action _sent;

    public SentSignalContent(HttpContent inner, Action sent)
    {
        _inner = inner;
        _sent = sent;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
        _sent();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }
}
