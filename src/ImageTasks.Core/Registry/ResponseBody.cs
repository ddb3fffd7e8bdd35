namespace ImageTasks.Core.Registry;

/// <summary>
/// Reads a response body into memory, never more than a bound whatever the headers say: reading stops at the bound plus
/// one byte, so a chunked or endless body costs at most the bound. A broken connection (a Content-Length the registry did
/// not keep) becomes one line naming the host.
/// </summary>
internal static class ResponseBody
{
    /// <summary>Distribution's error documents are a few hundred bytes.</summary>
    public const int MaxError = 64 * 1024;

    /// <summary>A token answer is a JWT or two and a few fields.</summary>
    public const int MaxToken = 1024 * 1024;

    /// <summary>One page of a catalog, tag list or search answer: distribution pages by 100, but may send every tag at once.</summary>
    public const int MaxPage = 16 * 1024 * 1024;

    /// <param name="what">the body's name in errors: "manifest for x:1", "token answer"</param>
    public static async Task<byte[]> ReadAsync(HttpResponseMessage response, long limit, string what, CancellationToken cancellationToken)
    {
        var peer = response.RequestMessage is { } request ? TimeoutHandler.Peer(request) : "registry";
        if (response.Content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw new RegistryException($"{what} from {peer} is {declared} bytes; more than {limit} bytes are refused");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            int read;
            try
            {
                read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit + 1 - buffer.Length)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new RegistryException($"{what} from {peer} broke off after {buffer.Length} bytes: {e.Message}", innerException: e);
            }

            if (read == 0)
            {
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new RegistryException($"{what} from {peer} is larger than {limit} bytes; refused");
            }
        }
    }
}
