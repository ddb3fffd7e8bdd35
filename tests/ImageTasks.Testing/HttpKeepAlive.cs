using System.Net.Sockets;

namespace ImageTasks.Testing;

/// <summary>
/// The HTTP/1.1 keep-alive loop of one loopback connection: read a request head, let the handler answer it, repeat
/// while the handler says the connection can carry another request. A client that sends no new request head within
/// the idle timeout is dropped, so a forgotten pooled connection cannot hold a connection slot for the whole test.
/// </summary>
internal static class HttpKeepAlive
{
    /// <summary>
    /// Serves <paramref name="client"/> until it closes, idles out or <paramref name="handleRequest"/> returns false.
    /// The handler gets the head, the reader positioned at the body and the stream to answer on.
    /// </summary>
    public static async Task ServeAsync(
        TcpClient client,
        TimeSpan idleTimeout,
        Func<HttpRequestHead, HttpWireReader, Stream, CancellationToken, Task<bool>> handleRequest,
        CancellationToken cancellationToken)
    {
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new HttpWireReader(stream);
        while (true)
        {
            HttpRequestHead? head;
            using (var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                idle.CancelAfter(idleTimeout);
                head = await reader.ReadRequestHeadAsync(idle.Token);
            }

            if (head is null || !await handleRequest(head, reader, stream, cancellationToken))
            {
                return;
            }
        }
    }
}
