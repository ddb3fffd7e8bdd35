using System.Net.Http.Headers;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>Blobs: streamed downloads that resume with Range requests.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Opens a blob as a stream that resumes with Range requests when the connection drops.</summary>
    public async Task<Stream> OpenBlobAsync(Repository repository, Digest digest, long? size, CancellationToken cancellationToken)
    {
        var path = $"v2/{repository.Path}/blobs/{digest}";
        async Task<HttpResponseMessage> OpenAt(long offset, CancellationToken token)
        {
            using var request = NewRequest(HttpMethod.Get, repository.Domain, path);
            if (offset > 0)
            {
                request.Headers.Range = new RangeHeaderValue(offset, null);
            }

            var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    throw await ErrorAsync(response, $"blob {digest} of {repository}: {(int)response.StatusCode} {response.ReasonPhrase}", token).ConfigureAwait(false);
                }
            }

            return response;
        }

        var what = $"blob {digest} of {repository}";
        return await ResumableBlobStream.OpenAsync(OpenAt, size, _options.MaxAttempts, _options.RetryBaseDelay, what, cancellationToken).ConfigureAwait(false);
    }
}
