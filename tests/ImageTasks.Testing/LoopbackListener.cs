using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ImageTasks.Testing;

/// <summary>
/// The connection handling the fixture's loopback HTTP servers share: a listener on a free 127.0.0.1 port that hands
/// each accepted connection to <c>serve</c>, at most <c>maxConnections</c> at once, and on dispose stops accepting,
/// closes every open connection and waits (briefly) for them to end. A connection that breaks or sends garbage ends
/// only itself; the connection is disposed when <c>serve</c> returns.
/// </summary>
internal sealed class LoopbackListener : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<TcpClient, CancellationToken, Task> _serve;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<long, TcpClient> _clients = new();
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly Task _acceptLoop;
    private long _connectionIds;
    private bool _disposed;

    /// <summary>Starts listening at once; <paramref name="serve"/> gets a token that is cancelled on dispose.</summary>
    public LoopbackListener(Func<TcpClient, CancellationToken, Task> serve, int maxConnections)
    {
        ArgumentNullException.ThrowIfNull(serve);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        _serve = serve;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(() => AcceptLoopAsync(_stopping.Token), CancellationToken.None);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stopping.CancelAsync();
        _listener.Stop();

        // Closing the sockets unblocks connections waiting on a read that does not watch the token.
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop.WaitAsync(StopTimeout);
            await Task.WhenAll(_connections.Values).WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            // Sockets are closed; a straggler has nothing left to talk to.
        }

        // _slots stays undisposed: a straggler past the timeout still releases its slot on the way out.
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                // The slot cap bounds concurrent connections; extra clients wait in the backlog.
                await _slots.WaitAsync(cancellationToken);
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _connectionIds);
            _clients[id] = client;
            _connections[id] = Task.Run(async () =>
            {
                try
                {
                    await _serve(client, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidDataException)
                {
                    // A broken or malformed client connection only ends that connection.
                }
                finally
                {
                    client.Dispose();
                    _clients.TryRemove(id, out _);
                    _connections.TryRemove(id, out _);
                    _slots.Release();
                }
            },
            CancellationToken.None);
        }
    }
}
