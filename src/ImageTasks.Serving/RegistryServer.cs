using System.Buffers;
using System.Net;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Serving;
using ImageTasks.Core.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageTasks.Serving;

/// <summary>
/// The image store served read-only over HTTP by Kestrel (ASP.NET Core's empty builder: no configuration files, no
/// logging, no routing; one request delegate). Each request goes to <see cref="StoreRegistry"/>, which answers it from
/// the store; blobs stream from their files, a window at a time, never whole in memory.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;

    private RegistryServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address actually bound, as clients name the registry: <c>127.0.0.1:41234</c>, <c>[::1]:5000</c>.</summary>
    public string Address { get; }

    public static async Task<RegistryServer> StartAsync(ImageStore store, ServeAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(address);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Nothing is ever uploaded: a request body has no use here, so none may be large.
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Listen(address.Endpoint);
        });

        var app = builder.Build();
        var registry = new StoreRegistry(store);
        RequestDelegate respond = context => RespondAsync(registry, store, context);
        app.Run(respond);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw ServeErrors.CannotListen(address.ToString(), e);
        }

        // Port 0 is bound to a free port; the server's address feature says which.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return new RegistryServer(app, bound is null ? address.ToString() : new Uri(bound).Authority);
    }

    /// <summary>Stops listening; requests in flight get a few seconds to finish.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(ShutdownTimeout);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task RespondAsync(StoreRegistry registry, ImageStore store, HttpContext context)
    {
        var request = context.Request;
        var query = request.Query;
        var answer = registry.Handle(new ServeRequest(
            request.Method,
            request.Path.Value ?? "/",
            query.TryGetValue("n", out var n) ? n.ToString() : null,
            query.TryGetValue("last", out var last) ? last.ToString() : null,
            request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null));

        // A blob can go between the lookup and the read (an rm in another process): opened first, so its loss is
        // still a 404 rather than a cut body. An open file stays readable after it is deleted.
        Stream? blob = null;
        if (answer.Blob is { } part && !HttpMethods.IsHead(request.Method))
        {
            try
            {
                blob = store.OpenBlob(part.Digest);
            }
            catch (FileNotFoundException)
            {
                answer = ServeResponse.ForError(DistributionError.BlobUnknown(part.Digest.ToString()));
            }
        }

        await using (blob)
        {
            var response = context.Response;
            response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
            {
                response.Headers.Append(name, value);
            }

            response.ContentLength = answer.ContentLength;
            if (HttpMethods.IsHead(request.Method))
            {
                return;
            }

            if (answer.Bytes is { } bytes)
            {
                await response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
            }
            else if (blob is not null && answer.Blob is { } window)
            {
                await CopyWindowAsync(blob, window.Range, response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyWindowAsync(Stream blob, ByteRange range, Stream destination, CancellationToken cancellationToken)
    {
        blob.Seek(range.Offset, SeekOrigin.Begin);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            for (var left = range.Length; left > 0;)
            {
                var read = await blob.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException($"the stored blob ended {left} bytes early");
                }

                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
