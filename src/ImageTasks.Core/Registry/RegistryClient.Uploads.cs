using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Registry;

/// <summary>
/// Blob uploads: existence (HEAD), cross-repository mount, and upload sessions finished either by one monolithic PUT or
/// by PATCH chunks and a closing PUT. Bodies are streams the caller owns: nothing here reads a blob into memory.
/// </summary>
public sealed partial class RegistryClient
{
    /// <summary>Whether the repository already holds the blob (a 404 says no; anything else unexpected is an error).</summary>
    public async Task<bool> BlobExistsAsync(Repository repository, Digest digest, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Head, repository.Domain, $"v2/{repository.Path}/blobs/{digest}");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        return response.StatusCode == HttpStatusCode.NotFound
            ? false
            : throw await PushErrorAsync(response, $"blob {digest} in {repository}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the registry to link a blob another repository of it already holds, instead of uploading it.</summary>
    /// <param name="fromPath">the source repository's path on the same registry ("library/alpine")</param>
    /// <returns>null when the blob was mounted; else the upload session the registry opened instead (it may decline)</returns>
    public async Task<Uri?> MountBlobAsync(Repository repository, Digest digest, string fromPath, CancellationToken cancellationToken)
    {
        var path = $"v2/{repository.Path}/blobs/uploads/?mount={Uri.EscapeDataString(digest.ToString())}&from={Uri.EscapeDataString(fromPath)}";
        using var request = NewRequest(HttpMethod.Post, repository.Domain, path);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => null,
            HttpStatusCode.Accepted => SessionOf(response),
            _ => throw await PushErrorAsync(response, $"mount of {digest} from {fromPath} into {repository}", cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Opens an upload session; the answer is where to send the bytes.</summary>
    public async Task<Uri> StartUploadAsync(Repository repository, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Post, repository.Domain, $"v2/{repository.Path}/blobs/uploads/");
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Accepted
            ? SessionOf(response)
            : throw await PushErrorAsync(response, $"blob upload to {repository}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The whole blob in one PUT that also closes the session.</summary>
    /// <returns>
    /// false when the registry, or a proxy before it, refuses a whole blob in one request (400, 405, 413, 501): the caller
    /// uploads in chunks instead, in a new session
    /// </returns>
    public async Task<bool> TryPutBlobAsync(Repository repository, Uri session, Digest digest, Stream content, long length, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Put, repository.Domain, WithDigest(session, digest));
        // Ask before sending the bytes: a refusal then costs one round trip, not the whole layer.
        request.Headers.ExpectContinue = true;
        request.Content = Octets(content, length);
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return true;
        }

        return response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.NotImplemented
            ? false
            : throw await PushErrorAsync(response, $"blob upload of {digest} to {repository}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends bytes <paramref name="offset"/> to offset+length-1 of the blob into the session.</summary>
    /// <returns>the session to continue with: registries move it on every chunk</returns>
    public async Task<Uri> PatchBlobAsync(Repository repository, Uri session, Stream chunk, long offset, long length, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Patch, repository.Domain, session.AbsoluteUri);
        request.Content = Octets(chunk, length);
        // Distribution's form, without the "bytes " unit that the typed header would insist on.
        request.Content.Headers.TryAddWithoutValidation("Content-Range", string.Create(CultureInfo.InvariantCulture, $"{offset}-{offset + length - 1}"));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.Accepted
            ? SessionOf(response)
            : throw await PushErrorAsync(response, $"blob chunk {offset}-{offset + length - 1} to {repository}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a chunked session: the registry checks the bytes it received against the digest.</summary>
    public async Task CompleteUploadAsync(Repository repository, Uri session, Digest digest, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Put, repository.Domain, WithDigest(session, digest));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await PushErrorAsync(response, $"blob upload of {digest} to {repository}", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Abandons a session the push will not use; a registry purges forgotten ones anyway, so failures are ignored.</summary>
    public async Task CancelUploadAsync(Repository repository, Uri session, CancellationToken cancellationToken)
    {
        try
        {
            using var request = NewRequest(HttpMethod.Delete, repository.Domain, session.AbsoluteUri);
            using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException)
        {
        }
    }

    private static StreamContent Octets(Stream content, long length)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        return body;
    }

    /// <summary>The session URL from Location, which may be relative to the request and carries the registry's own state.</summary>
    private static Uri SessionOf(HttpResponseMessage response)
    {
        var location = response.Headers.Location
            ?? throw new RegistryException($"{response.RequestMessage?.Method} {DebugLogHandler.Redact(response.RequestMessage!.RequestUri!)}: {(int)response.StatusCode} without a Location for the upload");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    private static string WithDigest(Uri session, Digest digest)
    {
        var query = session.Query.TrimStart('?');
        return $"{session.GetLeftPart(UriPartial.Path)}?{(query.Length > 0 ? query + "&" : "")}digest={Uri.EscapeDataString(digest.ToString())}";
    }

    /// <summary>A refused push in the registry's own words, as Docker shows it ("denied: requested access to the resource is denied").</summary>
    private static async Task<RegistryException> PushErrorAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var (codes, detail) = await ReadErrorsAsync(response, cancellationToken).ConfigureAwait(false);
        var message = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && detail is not null
            ? detail
            : $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail is null ? "" : ": " + detail)}";
        return new RegistryException(message, response.StatusCode, codes);
    }
}
